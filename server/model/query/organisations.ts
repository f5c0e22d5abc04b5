/**
 * Queries on the organisation register. Every read and write goes through
 * `scopedOrganisations(req, ...)`, so an evaluator of Lebak or an operator of one LKS can only
 * ever reach rows in their scope; a row outside it is a 404 (with an `authz.denied` audit entry).
 * List filters take only values from closed sets (region codes, vocabulary codes) and the name
 * search is an escaped literal, so nothing a client sends becomes a query operator.
 */
import type { Request } from 'express';
import type { ClientSession } from 'mongoose';
import { KABKOTA } from '../../data/regions';
import type { OrganisationRecord } from '../../domain/register/record';
import { JENIS_ORGANISASI, comparableText } from '../../domain/register/vocabularies';
import { Organisation } from '../organisation';
import { notFoundInScope, objectIdParam, scopedOrganisations } from './scoped';

export const PAGE_SIZE = 25;

export interface OrganisationListQuery {
  kabkota?: string;
  jenis?: string;
  active?: boolean;
  q?: string;
  page: number;
}

/** Filter values from a flat query string: anything outside the closed sets is dropped. */
export function readListQuery(query: Record<string, unknown>): OrganisationListQuery {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const kabkota = KABKOTA.some((k) => k.kode === text('kabkota')) ? text('kabkota') : undefined;
  const jenis = JENIS_ORGANISASI.some((j) => j.code === text('jenis')) ? text('jenis') : undefined;
  const aktif = text('aktif');
  const active = aktif === '1' ? true : aktif === '0' ? false : undefined;
  const q = text('q').slice(0, 100) || undefined;
  const page = /^\d{1,5}$/.test(text('hal')) ? Math.max(1, Number(text('hal'))) : 1;
  return { kabkota, jenis, active, q, page };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFilter(query: OrganisationListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.kabkota) filter['location.kabkotaCode'] = query.kabkota;
  if (query.jenis) filter['identity.jenisOrganisasi'] = query.jenis;
  if (query.active !== undefined) filter.active = query.active;
  if (query.q) filter['identity.nama'] = { $regex: escapeRegex(query.q), $options: 'i' };
  return filter;
}

export type OrganisationDoc = OrganisationRecord & {
  _id: import('mongoose').Types.ObjectId;
  demo?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
};

export async function listOrganisations(req: Request, query: OrganisationListQuery, pageSize = PAGE_SIZE) {
  const filter = scopedOrganisations(req, listFilter(query));
  const total = await Organisation.countDocuments(filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pages);
  const rows = await Organisation.find(filter)
    .sort({ 'identity.nama': 1, _id: 1 })
    .skip((page - 1) * pageSize)
    .limit(pageSize)
    .lean<OrganisationDoc[]>();
  return { rows, total, page, pages };
}

/** One organisation in the user's scope, or 404 (audited when it exists outside the scope). */
export async function findOrganisation(req: Request, idParam: unknown): Promise<OrganisationDoc> {
  const id = objectIdParam(idParam);
  const doc = await Organisation.findOne(scopedOrganisations(req, { _id: id })).lean<OrganisationDoc>();
  if (doc) return doc;
  return notFoundInScope(req, 'organisation', id, async () => (await Organisation.exists({ _id: id })) !== null);
}

/** The pure record inside a stored document (drops ids, timestamps and mongoose extras). */
export function recordOf(doc: OrganisationDoc): OrganisationRecord {
  const { identity, active, legal, location, contact, people, accreditation } = doc;
  return {
    identity: { ...identity, sasaranPmks: identity.sasaranPmks ?? [] },
    active: active !== false,
    legal: legal ?? {},
    location,
    contact: contact ?? {},
    people: people ?? {},
    accreditation: accreditation ?? { status: 'belum' },
  };
}

export async function createOrganisation(record: OrganisationRecord, options: { demo?: boolean; session?: ClientSession } = {}): Promise<string> {
  const doc = new Organisation({ ...record, demo: options.demo ?? false });
  await doc.save(options.session ? { session: options.session } : {});
  return String(doc._id);
}

/** Replace the register fields of one organisation in scope; `active` is kept as it is. */
export async function updateOrganisation(req: Request, idParam: unknown, record: OrganisationRecord): Promise<{ before: OrganisationDoc }> {
  const before = await findOrganisation(req, idParam);
  const { active: _ignored, ...fields } = record;
  // Whole sub-documents are replaced, so a field cleared in the form is really cleared.
  await Organisation.replaceOne(scopedOrganisations(req, { _id: before._id }), {
    ...fields, active: before.active !== false, demo: before.demo ?? false, createdAt: before.createdAt,
  });
  return { before };
}

/** Activate or deactivate; returns false when it already had that state. */
export async function setOrganisationActive(req: Request, idParam: unknown, active: boolean): Promise<{ doc: OrganisationDoc; changed: boolean }> {
  const doc = await findOrganisation(req, idParam);
  const res = await Organisation.updateOne(scopedOrganisations(req, { _id: doc._id, active: !active }), { $set: { active } });
  return { doc, changed: res.modifiedCount > 0 };
}

export interface ExistingConflict { index: number; field: 'npwp' | 'nama'; /** the registered organisation's name */ existing: string }

/**
 * Records that would duplicate organisations already in the register: the same NPWP, or the
 * same name in the same kecamatan. Checked before an import so it fails as a whole.
 */
export async function findExistingConflicts(records: readonly OrganisationRecord[]): Promise<ExistingConflict[]> {
  const npwps = [...new Set(records.map((r) => r.legal.npwp).filter((n): n is string => typeof n === 'string'))];
  const kecamatan = [...new Set(records.map((r) => r.location.kecamatanCode))];
  const [byNpwp, byPlace] = await Promise.all([
    npwps.length > 0 ? Organisation.find({ 'legal.npwp': { $in: npwps } }, { 'legal.npwp': 1, 'identity.nama': 1 }).lean<OrganisationDoc[]>() : [],
    Organisation.find({ 'location.kecamatanCode': { $in: kecamatan } }, { 'identity.nama': 1, 'location.kecamatanCode': 1 }).lean<OrganisationDoc[]>(),
  ]);
  const npwpOwner = new Map(byNpwp.map((d) => [d.legal.npwp, d.identity.nama]));
  const places = new Map(byPlace.map((d) => [`${comparableText(d.identity.nama)}|${d.location.kecamatanCode}`, d.identity.nama]));
  const conflicts: ExistingConflict[] = [];
  records.forEach((r, index) => {
    const owner = r.legal.npwp === undefined ? undefined : npwpOwner.get(r.legal.npwp);
    if (owner !== undefined) conflicts.push({ index, field: 'npwp', existing: owner });
    const sameName = places.get(`${comparableText(r.identity.nama)}|${r.location.kecamatanCode}`);
    if (sameName !== undefined) conflicts.push({ index, field: 'nama', existing: sameName });
  });
  return conflicts;
}

/** Inserts all records inside the caller's transaction (import: all or nothing). */
export async function insertOrganisations(records: readonly OrganisationRecord[], session: ClientSession): Promise<string[]> {
  const docs = await Organisation.insertMany(records.map((r) => ({ ...r })), { session, ordered: true });
  return docs.map((d) => String(d._id));
}

/** Names of organisations by id (for user lists); only ids the caller already holds. */
export async function organisationNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const docs = await Organisation.find({ _id: { $in: ids } }, { 'identity.nama': 1 }).lean<OrganisationDoc[]>();
  return new Map(docs.map((d) => [String(d._id), d.identity.nama]));
}

/** Active organisations for a select list (operator accounts); admin scope. */
export async function organisationChoices(req: Request, limit = 2000): Promise<{ id: string; nama: string; kabkotaCode: string }[]> {
  const docs = await Organisation.find(scopedOrganisations(req, { active: true }), { 'identity.nama': 1, 'location.kabkotaCode': 1 })
    .sort({ 'identity.nama': 1 }).limit(limit).lean<OrganisationDoc[]>();
  return docs.map((d) => ({ id: String(d._id), nama: d.identity.nama, kabkotaCode: d.location.kabkotaCode }));
}

export async function countOrganisations(): Promise<number> {
  return Organisation.estimatedDocumentCount();
}
