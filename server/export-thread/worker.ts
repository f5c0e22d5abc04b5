/**
 * Export thread entry (see ./index.ts): opens its own client on the app's database, reads the
 * responses with export-read.ts as bytes, shapes rows with the export plan (answers read in
 * place, domain/reports/export-bson.ts; the writer neutralises what its format needs), and posts them encoded
 * (./row-codec.ts) in messages of ROWS_PER_MESSAGE, never more than CREDITS ahead of what the
 * app has taken (so memory stays bounded when the client reads slowly). Header row first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BSON, MongoClient } from 'mongodb';
import { exportPlan } from '../domain/reports/export-columns';
import { readExportBatches } from '../model/query/export-read';
import type { ExportJob, FromExportThread, ToExportThread } from './messages';
import { RowEncoder, transferable } from './row-codec';

if (!parentPort) throw new Error('server/export-thread/worker.ts runs only as a worker thread');
const port = parentPort;
const job = workerData as ExportJob;

/**
 * Rows per message. Small messages keep few rows alive in this thread at any time: with 256
 * rows of 182 cells, the rows waiting for their message survived the young generation's
 * collections (measured: 60 % more time in them than with 64 rows). Too small, and the app
 * spends its time on messages and acknowledgements.
 */
const ROWS_PER_MESSAGE = 128;
let credits = 3;
let stopped = false;
let finished = false;
let wake: (() => void) | null = null;
/** Told to stop, the app waits for this thread to end: once the work is over, end it (only this thread). */
const endIfStopped = () => { if (stopped && finished) process.exit(0); };
port.on('message', (m: ToExportThread) => {
  if (m.type === 'ack') credits += 1;
  else stopped = true;
  wake?.();
  endIfStopped();
});

const send = (m: FromExportThread) => port.postMessage(m);

/** Posts the encoder's rows once the app has room for them; false when the app said stop. */
async function post(encoder: RowEncoder): Promise<boolean> {
  while (credits === 0 && !stopped) await new Promise<void>((resolve) => { wake = resolve; });
  if (stopped) return false;
  credits -= 1;
  const rows = encoder.take();
  port.postMessage({ type: 'rows', rows } satisfies FromExportThread, transferable(rows));
  return true;
}

async function run(): Promise<void> {
  const client = await MongoClient.connect(job.uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 2 });
  try {
    const db = client.db(job.dbName);
    const cols = { responses: db.collection(job.collections.responses), organisations: db.collection(job.collections.organisations) };
    const plan = exportPlan(job.form, job.order);
    const rows = new RowEncoder(ROWS_PER_MESSAGE * plan.headers.length);
    rows.add([...plan.headers]);
    const batches = readExportBatches(cols, { filter: BSON.deserialize(job.filter), projection: job.projection, needsItems: plan.needsItems, batchSize: job.batchSize, raw: true });
    // Leaving the loop (stop) closes the cursor on the server before the client closes.
    reading: for await (const { docs, orgs, bson } of batches) {
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        rows.add(plan.rowFromBson(doc, orgs.get(String(doc.organisationId)), bson![i].bytes, bson![i].answers));
        if (rows.rows >= ROWS_PER_MESSAGE && !(await post(rows))) break reading;
      }
    }
    if (!stopped && (rows.rows === 0 || await post(rows))) send({ type: 'end' });
  } finally {
    await client.close();
  }
}

run()
  .catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }))
  .finally(() => {
    finished = true;
    endIfStopped();
  });
