// Runs every file of the given spec folders against one server and builds the report.
import path from 'path';
import { MongoClient } from 'mongodb';
import { deviationCounts } from './driver-deviations';
import { ConformanceReport, fileReport, FileReport, skipCategories, totals } from './report';
import { probeServer } from './requirements';
import { runFile } from './run-file';
import { listSpecFiles, loadSpecFile } from './spec-file';

export async function runConformance(uri: string, specRoot: string, folders: string[]): Promise<ConformanceReport> {
  const started = Date.now();
  const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await internal.connect();
  try {
    const server = await probeServer(internal);
    await internal.db('admin').command({ killAllSessions: [] }).catch(() => {});
    const files: FileReport[] = [];
    for (const folder of folders) {
      for (const file of listSpecFiles(path.join(specRoot, folder))) {
        let results;
        try {
          results = await runFile(loadSpecFile(file), { uri, internal, server }, `${folder}/${path.basename(file, '.json')}`);
        } catch (err: any) {
          results = [{ test: '(file)', status: 'failed' as const, error: `could not run file: ${err?.message ?? err}` }];
        }
        files.push(fileReport(folder, path.basename(file, '.json'), results));
      }
    }
    const folderTotals = Object.fromEntries(folders.map((f) => [f, totals(files.filter((x) => x.folder === f))]));
    return {
      server: { version: server.versionString, topology: server.topology, failPoints: server.failPoints, unsupported: server.unsupported },
      driverDeviations: { ...deviationCounts },
      durationMs: Date.now() - started,
      folders: folderTotals,
      totals: totals(files),
      skipCategories: skipCategories(files),
      files,
    };
  } finally {
    await internal.close(true);
  }
}
