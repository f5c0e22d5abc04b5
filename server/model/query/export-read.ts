/**
 * The export's read of a cycle with the MongoDB driver alone (no mongoose), so the same code runs
 * in the app's thread and in the export thread (server/export-thread): the responses matched by
 * an already cast filter, with one cursor, in batches, and each batch's organisation names and
 * jenis pelayanan. Memory is bounded by two batches whatever the cycle's size.
 *
 * The next batch is asked for before the current one is handed out (read-ahead): while the
 * writer turns batch N into rows, the database prepares batch N+1 and the names of its
 * organisations are looked up, so the export waits on the database only for the first batch.
 * Rows come in the database's order for the cycle (no sort: a sort over whole responses would
 * have to hold them all).
 */
import { ObjectId, type Collection, type Document, type FindCursor } from 'mongodb';
import type { ExportDoc, ExportOrg } from '../../domain/reports';
import { readResponse } from '../../domain/reports/export-bson';

export const EXPORT_BATCH = 500;

export interface ExportBatch {
  docs: ExportDoc[];
  orgs: Map<string, ExportOrg>;
  /**
   * With `raw`: each document's bytes and where its answers lie (by index of `docs`, which were
   * decoded without their answers: ExportPlan.rowFromBson reads those from the bytes).
   */
  bson?: { bytes: Buffer; answers: { start: number; end: number } | null }[];
}

/** The two collections an export reads (mongoose's native collections, or a worker's own client's). */
export interface ExportCollections {
  responses: Pick<Collection<Document>, 'find'>;
  organisations: Pick<Collection<Document>, 'find'>;
}

export interface ExportRead {
  /** The responses to export: cycle, scope and report filters, cast (ids as ObjectIds). */
  filter: Document;
  projection: Record<string, 1>;
  /** Which records must have their score items fetched (ExportPlan.needsItems). */
  needsItems: (doc: ExportDoc) => boolean;
  batchSize?: number;
  /** Read documents as bytes and decode all but their answers (the export thread). */
  raw?: boolean;
}

const ITEMS = { 'selfScore.items': 1, 'verifiedScore.items': 1 } as const;

/**
 * Records whose points cannot be read by position (stored before `countedPoints` existed, or of
 * another form version than the cycle's) get their items with paths: rare, one query per batch.
 */
async function withItems(cols: ExportCollections, docs: ExportDoc[], needsItems: (doc: ExportDoc) => boolean): Promise<void> {
  const missing = docs.filter(needsItems);
  if (missing.length === 0) return;
  const full = await cols.responses.find({ _id: { $in: missing.map((d) => d._id as ObjectId) } }, { projection: ITEMS }).toArray() as unknown as ExportDoc[];
  const byId = new Map(full.map((d) => [String(d._id), d]));
  for (const doc of missing) {
    const found = byId.get(String(doc._id));
    if (doc.selfScore && found?.selfScore) doc.selfScore.items = found.selfScore.items;
    if (doc.verifiedScore && found?.verifiedScore) doc.verifiedScore.items = found.verifiedScore.items;
  }
}

async function organisationsOf(cols: ExportCollections, docs: readonly ExportDoc[]): Promise<Map<string, ExportOrg>> {
  const ids = [...new Set(docs.map((d) => String(d.organisationId)))].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id));
  const out = new Map<string, ExportOrg>();
  // Chunks of 500 ids stay an _id index lookup on every engine.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await cols.organisations.find({ _id: { $in: ids.slice(i, i + 500) } }, { projection: { 'identity.nama': 1, 'identity.jenisPelayanan': 1 } }).toArray();
    for (const r of rows) {
      const identity = (r as { identity?: { nama?: string; jenisPelayanan?: string } }).identity;
      out.set(String(r._id), { nama: identity?.nama ?? '', jenisPelayanan: identity?.jenisPelayanan ?? null });
    }
  }
  return out;
}

/** The next batch of the cursor (what the last reply brought), with its organisations; [] at the end. */
async function nextBatch(cols: ExportCollections, cursor: FindCursor<ExportDoc>, read: ExportRead): Promise<ExportBatch> {
  const first = await cursor.next();
  if (first === null) return { docs: [], orgs: new Map() };
  let docs = [first, ...cursor.readBufferedDocuments()];
  let bson: ExportBatch['bson'];
  if (read.raw) {
    const split = (docs as unknown as Buffer[]).map((bytes) => ({ bytes, ...readResponse(bytes) }));
    docs = split.map((x) => x.doc as unknown as ExportDoc);
    bson = split; // each entry's bytes and answers (its doc too, the same object as in docs)
  }
  const [orgs] = await Promise.all([organisationsOf(cols, docs), withItems(cols, docs, read.needsItems)]);
  return { docs, orgs, bson };
}

/** The matched responses, batch by batch (see the top of this file). */
export async function* readExportBatches(cols: ExportCollections, read: ExportRead): AsyncGenerator<ExportBatch> {
  const cursor = cols.responses.find(read.filter, { projection: read.projection, batchSize: read.batchSize ?? EXPORT_BATCH, raw: read.raw === true }) as unknown as FindCursor<ExportDoc>;
  let pending: Promise<ExportBatch> | null = null;
  try {
    pending = nextBatch(cols, cursor, read);
    for (;;) {
      const batch: ExportBatch = await pending;
      pending = null;
      if (batch.docs.length === 0) break;
      pending = nextBatch(cols, cursor, read);
      // A rejected read-ahead is reported by the next `await pending`, not as unhandled.
      pending.catch(() => undefined);
      yield batch;
    }
  } finally {
    // Let a read-ahead in flight finish before closing the cursor under it.
    if (pending) await (pending as Promise<ExportBatch>).catch(() => undefined);
    await cursor.close();
  }
}
