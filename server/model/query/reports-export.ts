/**
 * What an export of a cycle reads, in mongoose's terms: the filter (cycle, scope, report filters,
 * cast as mongoose casts) and the projected fields. The reading itself is export-read.ts, which
 * needs only the driver and so also runs in the export thread.
 */
import mongoose from 'mongoose';
import { BSON, type Document } from 'mongodb';
import type { MongoFilter } from '../../domain/access/scope';
import type { LoadedForm } from '../../domain/forms';
import { type ExportDoc, type ExportForm, type ReportFilters, and, basisOf, bucketFilter, gradeFilter, safeSectionKeys } from '../../domain/reports';
import { Organisation } from '../organisation';
import { ResponseModel } from '../response';
import { type CycleInfo, reportMatch } from './reports';
import type { ItemOrder } from '../../domain/reports/export-columns';
import type { ExportJob } from '../../export-thread/messages';
import { EXPORT_BATCH, type ExportBatch, type ExportCollections, type ExportRead, readExportBatches } from './export-read';

export { EXPORT_BATCH, type ExportBatch } from './export-read';

/**
 * Only the stored fields a row needs: the answers, the two scores' totals, grades, section scores
 * and counted points by position (not titles, weights, caps, nor the items: see ItemOrder in
 * export-columns.ts). About a quarter of the bytes of whole responses.
 */
export function exportFields(form: LoadedForm): Record<string, 1> {
  const fields: Record<string, 1> = {
    organisationId: 1, kabkotaCode: 1, state: 1, answers: 1, rev: 1, prefilledFrom: 1, submittedAt: 1, verifiedAt: 1, updatedAt: 1, formVersion: 1,
  };
  for (const score of ['selfScore', 'verifiedScore']) {
    for (const f of ['total', 'grade', 'countedPoints']) fields[`${score}.${f}`] = 1;
    for (const key of safeSectionKeys(form.sections.filter((x) => x.scored).map((x) => x.key))) fields[`${score}.sections.${key}.score`] = 1;
  }
  return fields;
}

/** The export's filter: cycle, scope, kab/kota and jenis, completion bucket and counted grade. */
export async function exportFilter(cycle: CycleInfo, scopeFilter: MongoFilter, filters: ReportFilters): Promise<MongoFilter> {
  return and(
    await reportMatch(cycle._id, scopeFilter, filters),
    filters.state ? bucketFilter(filters.state) : {},
    filters.grade ? gradeFilter(filters.grade, basisOf(filters)) : {},
  );
}

/** The filter and projection of an export (the rest of export-read.ts's ExportRead). */
export type ExportQuery = Pick<ExportRead, 'filter' | 'projection'>;

/**
 * What an export of a cycle reads (for export-read.ts, in this thread or the export thread): the
 * filter cast by mongoose (scope ids arrive as strings) and the fields a row needs.
 */
export async function exportRead(cycle: CycleInfo, form: LoadedForm, scopeFilter: MongoFilter, filters: ReportFilters): Promise<ExportQuery> {
  const filter = ResponseModel.find(await exportFilter(cycle, scopeFilter, filters)).cast(ResponseModel) as Document;
  return { filter, projection: exportFields(form) };
}

/** The collections of this process's mongoose connection (the driver's, not mongoose's models). */
export function exportCollections(): ExportCollections {
  return { responses: ResponseModel.collection as unknown as ExportCollections['responses'], organisations: Organisation.collection as unknown as ExportCollections['organisations'] };
}

/** A cycle's responses in scope, batch by batch, read in this thread. */
export async function* exportBatches(read: ExportQuery, needsItems: (doc: ExportDoc) => boolean, batchSize = EXPORT_BATCH): AsyncGenerator<ExportBatch> {
  yield* readExportBatches(exportCollections(), { ...read, needsItems, batchSize });
}

/** Exports of at least this many responses are read and shaped in an export thread. */
export const THREAD_FROM = 5000;

/**
 * The export thread's cursor batches are smaller than EXPORT_BATCH: a batch's decoded responses
 * (and the read-ahead's) stay alive while its rows are made, and with 500 of each they survived
 * the thread's young-generation collections (measured on 35,000 responses: a third less time in
 * those collections with 100, for five times as many getMore round trips, which cost little).
 */
export const THREAD_BATCH = 100;

/**
 * The job for an export thread (server/export-thread) when the export is large enough to gain
 * from one (at least `threadFrom` responses: a count that stops there) and this process's
 * connection string is known; else null and the export runs in this thread.
 */
export async function exportThreadJob(
  read: ExportQuery, form: ExportForm, order: ItemOrder, batchSize: number, threadFrom = THREAD_FROM,
): Promise<ExportJob | null> {
  if (!Number.isFinite(threadFrom)) return null;
  const uri = (mongoose.connection as unknown as { _connectionString?: unknown })._connectionString;
  if (typeof uri !== 'string' || !uri) return null;
  if (threadFrom > 0 && await ResponseModel.collection.countDocuments(read.filter, { limit: threadFrom }) < threadFrom) return null;
  return {
    uri, dbName: mongoose.connection.name,
    collections: { responses: ResponseModel.collection.collectionName, organisations: Organisation.collection.collectionName },
    filter: BSON.serialize(read.filter), projection: read.projection,
    form: { sections: form.sections, questions: form.questions, version: form.version },
    order, batchSize: Math.min(batchSize, THREAD_BATCH),
  };
}
