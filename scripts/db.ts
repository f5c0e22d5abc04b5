/**
 * `npm run db`: runs the embedded database on its own so mongosh or Compass can connect.
 * PORT (default 27017) and DATA_DIR (default ./data/db) configure it; Ctrl-C stops it cleanly
 * (the journal is closed and the data directory unlocked).
 */
import path from 'node:path';
import { startEmbeddedMongo } from '../server/embedded-db';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 27017);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port number, got '${process.env.PORT}'`);
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data/db');
  const logger = {
    info: (o: object | string, m?: string) => console.log(m ?? '', typeof o === 'string' ? o : JSON.stringify(o)),
    warn: (...a: unknown[]) => console.warn(...a),
    error: (...a: unknown[]) => console.error(...a),
  };
  const db = await startEmbeddedMongo({ dataDir, port, logger });
  console.log(`Embedded MongoDB-compatible database running.\n  data: ${dataDir}\n  URI:  ${db.uri}\n  (mongosh "${db.uri}")`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    db.stop().then(
      () => process.exit(0),
      (err) => { console.error('stop failed:', err); process.exit(1); },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
