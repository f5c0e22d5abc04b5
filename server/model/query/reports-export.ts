/**
 * The export's read of a cycle: the responses in the caller's scope (and the report filters),
 * with one cursor, in batches, and each batch's organisation names and jenis pelayanan. Memory is
 * bounded by two batches whatever the cycle's size.
 *
 * The next batch is asked for before the current one is handed out (read-ahead): while the
 * writer turns batch N into rows, the database prepares batch N+1 and the names of its
 * organisations are looked up, so the export waits on the database only for the first batch.
 * Rows come in the database's order for the cycle (no sort: a sort over whole responses would
 * have to hold them all).
 */
import mongoose from 'mongoose';
import type { FindCursor } from 'mongodb';
import type { MongoFilter } from '../../domain/access/scope';
import type { LoadedForm } from '../../domain/forms';
import { type ExportDoc, type ExportOrg, type ReportFilters, and, bucketFilter, gradeFilter, safeSectionKeys } from '../../domain/reports';
import { Organisation } from '../organisation';
import { ResponseModel } from '../response';
import { type CycleInfo, reportMatch } from './reports';

export const EXPORT_BATCH = 500;

export interface ExportBatch {
  docs: ExportDoc[];
  orgs: Map<string, ExportOrg>;
}

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

const ITEMS = { 'selfScore.items': 1, 'verifiedScore.items': 1 } as const;

/**
 * Records whose points cannot be read by position (stored before `countedPoints` existed, or of
 * another form version than the cycle's) get their items with paths: rare, one query per batch.
 */
async function withItems(docs: ExportDoc[], needsItems: (doc: ExportDoc) => boolean): Promise<void> {
  const missing = docs.filter(needsItems);
  if (missing.length === 0) return;
  const full = await ResponseModel.collection.find({ _id: { $in: missing.map((d) => d._id as mongoose.Types.ObjectId) } }, { projection: ITEMS }).toArray() as unknown as ExportDoc[];
  const byId = new Map(full.map((d) => [String(d._id), d]));
  for (const doc of missing) {
    const found = byId.get(String(doc._id));
    if (doc.selfScore && found?.selfScore) doc.selfScore.items = found.selfScore.items;
    if (doc.verifiedScore && found?.verifiedScore) doc.verifiedScore.items = found.verifiedScore.items;
  }
}

async function organisationsOf(docs: readonly ExportDoc[]): Promise<Map<string, ExportOrg>> {
  const ids = [...new Set(docs.map((d) => String(d.organisationId)))].filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.Types.ObjectId(id));
  const out = new Map<string, ExportOrg>();
  // Chunks of 500 ids stay an _id index lookup on every engine.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await Organisation.collection.find({ _id: { $in: ids.slice(i, i + 500) } }, { projection: { 'identity.nama': 1, 'identity.jenisPelayanan': 1 } }).toArray();
    for (const r of rows) {
      const identity = (r as { identity?: { nama?: string; jenisPelayanan?: string } }).identity;
      out.set(String(r._id), { nama: identity?.nama ?? '', jenisPelayanan: identity?.jenisPelayanan ?? null });
    }
  }
  return out;
}

/** The next batch of the cursor (what the last reply brought), with its organisations; [] at the end. */
async function nextBatch(cursor: FindCursor<ExportDoc>, needsItems: (doc: ExportDoc) => boolean): Promise<ExportBatch> {
  const first = await cursor.next();
  if (first === null) return { docs: [], orgs: new Map() };
  const docs = [first, ...cursor.readBufferedDocuments()];
  const [orgs] = await Promise.all([organisationsOf(docs), withItems(docs, needsItems)]);
  return { docs, orgs };
}

/** The export's filter: cycle, scope, kab/kota and jenis, completion bucket and counted grade. */
export async function exportFilter(cycle: CycleInfo, scopeFilter: MongoFilter, filters: ReportFilters): Promise<MongoFilter> {
  return and(
    await reportMatch(cycle._id, scopeFilter, filters),
    filters.state ? bucketFilter(filters.state) : {},
    filters.grade ? gradeFilter(filters.grade) : {},
  );
}

/**
 * A cycle's responses in scope, batch by batch (see the top of this file). `needsItems` says
 * which records must have their score items fetched (ExportPlan.needsItems).
 */
export async function* exportBatches(
  cycle: CycleInfo, form: LoadedForm, scopeFilter: MongoFilter, filters: ReportFilters, needsItems: (doc: ExportDoc) => boolean, batchSize = EXPORT_BATCH,
): AsyncGenerator<ExportBatch> {
  // Mongoose casts the filter (scope ids arrive as strings); the driver's cursor then reads
  // plain documents without a per-document mongoose step.
  const filter = ResponseModel.find(await exportFilter(cycle, scopeFilter, filters)).cast(ResponseModel);
  const cursor = ResponseModel.collection.find(filter, { projection: exportFields(form), batchSize }) as unknown as FindCursor<ExportDoc>;
  let pending: Promise<ExportBatch> | null = null;
  try {
    pending = nextBatch(cursor, needsItems);
    for (;;) {
      const batch: ExportBatch = await pending;
      pending = null;
      if (batch.docs.length === 0) break;
      pending = nextBatch(cursor, needsItems);
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
