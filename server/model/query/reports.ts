/**
 * Report queries. Figures and listed institutions come from ONE grouped pass per dashboard
 * (domain/reports/pipeline.ts) over the cycle's responses, matched on the indexed cycleId and
 * AND-ed with the caller's scope filter (`scopedResponses(req)`), so an operator's or a kab/kota
 * evaluator's figures contain only their rows (checklist 7). Exports and bulk prints read
 * responses with a cursor in batches, never the whole cycle at once.
 *
 * Organisation names and register data are read by the ids of responses the caller may see: the
 * response is the scoped object, and its organisation's identity is part of what it reports.
 *
 * For the benchmark: `buildDashboard(cycleId, scopeFilter)`; the export writers are in
 * server/resources/reports-export.ts (`writeCycleXlsx`, `writeCycleCsv`).
 */
import mongoose from 'mongoose';
import { regionLabel } from '../../data/regions';
import {
  type CardInput, type CardOrganisation, type Dashboard, type QueryRunner, type ReportFilters, type StoredScore,
  and, basisOf, bucketFilter, dashboardResults, gradeFilter, listedOrganisationIds, lowestBand, safeSectionKeys, shapeDashboard,
} from '../../domain/reports';
import type { LoadedForm } from '../../domain/forms';
import { withScope, type MongoFilter } from '../../domain/access/scope';
import { Problem } from '../../domain/problems';
import { Cycle } from '../cycle';
import { Organisation } from '../organisation';
import { ResponseModel } from '../response';
import { loadPublishedForm } from './instruments';

type Id = mongoose.Types.ObjectId;

export const TOP_LIMIT = 10;
export const GUIDANCE_LIMIT = 500;

export interface CycleInfo {
  _id: Id;
  name: string;
  year: number;
  formId: string;
  formVersion: string;
  subjectType: string;
  status?: string;
  previousCycleId?: Id | null;
}

const CYCLE_FIELDS = { name: 1, year: 1, formId: 1, formVersion: 1, subjectType: 1, status: 1, previousCycleId: 1 } as const;

function toId(id: unknown): Id {
  if (id instanceof mongoose.Types.ObjectId) return id;
  if (typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id)) return new mongoose.Types.ObjectId(id);
  throw new Problem(404.1);
}

/** Cycles are not scoped (every role may know which cycles exist); newest first. */
export async function listCycles(): Promise<CycleInfo[]> {
  return (await Cycle.find({}, CYCLE_FIELDS).sort({ year: -1, createdAt: -1 }).lean()) as unknown as CycleInfo[];
}

export async function findCycle(id: unknown): Promise<CycleInfo> {
  const cycle = await Cycle.findById(toId(id), CYCLE_FIELDS).lean();
  if (!cycle) throw new Problem(404.1);
  return cycle as unknown as CycleInfo;
}

/** The cycle to compare with: same instrument (formId), the latest earlier year. */
export async function previousCycle(cycle: CycleInfo): Promise<CycleInfo | null> {
  const prev = await Cycle.findOne({ formId: cycle.formId, year: { $lt: cycle.year }, _id: { $ne: cycle._id } }, CYCLE_FIELDS)
    .sort({ year: -1, createdAt: -1 }).lean();
  return (prev as unknown as CycleInfo | null) ?? null;
}

/** Ids of organisations with this jenis pelayanan (a register field, not copied to responses). */
async function organisationIdsWithJenis(jenis: string): Promise<Id[]> {
  const rows = await Organisation.find({ 'identity.jenisPelayanan': String(jenis) }, { _id: 1 }).lean();
  return rows.map((r) => r._id as Id);
}

/** The first $match of every report query: cycle, scope, kab/kota and jenis pelayanan filters. */
export async function reportMatch(cycleId: Id, scopeFilter: MongoFilter, filters: ReportFilters = {}): Promise<MongoFilter> {
  const own: MongoFilter = { cycleId };
  if (filters.kabkota) own.kabkotaCode = String(filters.kabkota);
  if (filters.jenisPelayanan) own.organisationId = { $in: await organisationIdsWithJenis(filters.jenisPelayanan) };
  return withScope(scopeFilter, own);
}

/** Names by organisation id, read in chunks small enough for an _id index lookup. */
export async function organisationNames(ids: readonly unknown[]): Promise<Map<string, string>> {
  const objectIds = [...new Set(ids.map(String))].filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.Types.ObjectId(id));
  const names = new Map<string, string>();
  for (let i = 0; i < objectIds.length; i += 500) {
    const rows = await Organisation.find({ _id: { $in: objectIds.slice(i, i + 500) } }, { 'identity.nama': 1 }).lean();
    for (const r of rows) names.set(String(r._id), (r as { identity?: { nama?: string } }).identity?.nama ?? '');
  }
  return names;
}

export function formContext(form: LoadedForm) {
  return {
    grades: form.grades,
    sections: form.sections.filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title, weight: s.weight })),
  };
}

const runner: QueryRunner = {
  aggregate: async <T>(pipeline: unknown[]): Promise<T[]> => (await ResponseModel.aggregate(pipeline as mongoose.PipelineStage[])) as T[],
};

/**
 * Runs the dashboard queries (domain/reports/dashboard-queries.ts: one grouped pass over the
 * cycle, with the listed institutions, then only the splits that pass says can return rows) for a cycle whose form
 * is known, then fetches the names of the listed institutions.
 */
export async function dashboardFor(cycle: CycleInfo, form: LoadedForm, scopeFilter: MongoFilter, filters: ReportFilters = {}): Promise<Dashboard> {
  const ctx = formContext(form);
  const results = await dashboardResults({
    match: await reportMatch(cycle._id, scopeFilter, filters),
    sectionKeys: safeSectionKeys(ctx.sections.map((s) => s.key)),
    lowestGrade: lowestBand(ctx.grades)?.grade ?? null,
    grade: filters.grade,
    bucket: filters.state,
    basis: basisOf(filters),
    listLimit: TOP_LIMIT,
    guidanceLimit: GUIDANCE_LIMIT,
  }, runner);
  const orgNames = await organisationNames(listedOrganisationIds(results, { list: TOP_LIMIT, guidance: GUIDANCE_LIMIT }));
  return shapeDashboard(results, { ...ctx, kabkotaName: regionLabel, orgNames }, { list: TOP_LIMIT, guidance: GUIDANCE_LIMIT });
}

/**
 * The dashboard figures of a cycle for a response scope filter (`scopedResponses(req)`, or `{}`
 * for everything). The benchmark calls this directly.
 */
export async function buildDashboard(cycleId: unknown, scopeFilter: MongoFilter, filters: ReportFilters = {}): Promise<Dashboard> {
  const cycle = await findCycle(cycleId);
  const form = await loadPublishedForm(cycle.formId, cycle.formVersion);
  return dashboardFor(cycle, form, scopeFilter, filters);
}

export { toId as cycleIdParam };

// ---- report cards ----------------------------------------------------------------------------

const CARD_FIELDS = {
  cycleId: 1, organisationId: 1, kabkotaCode: 1, formId: 1, formVersion: 1, state: 1, rev: 1, prefilledFrom: 1,
  submittedAt: 1, verifiedAt: 1, selfScore: 1, verifiedScore: 1, review: 1,
} as const;
const HISTORY_SCORE = { total: 1, grade: 1, gradeLabel: 1, sections: 1 } as const;
const ORG_FIELDS = { identity: 1, location: 1, contact: 1, legal: 1, accreditation: 1 } as const;

export interface CardResponseDoc {
  _id: Id; cycleId: Id; organisationId: Id; kabkotaCode: string; formId: string; formVersion: string; state: string;
  rev?: number; prefilledFrom?: Id | null; answers?: Record<string, unknown>;
  submittedAt?: Date | null; verifiedAt?: Date | null;
  selfScore?: StoredScore | null; verifiedScore?: StoredScore | null;
  review?: { path: string; verifiedPoints?: number | null; reason?: string | null; comment?: string | null }[];
}

interface OrgDoc {
  _id: Id;
  identity?: { nama?: string; namaYayasan?: string; jenisOrganisasi?: string; jenisPelayanan?: string; lokasiPelayanan?: string };
  location?: { alamat?: string; desaKelurahan?: string; kecamatanCode?: string; kabkotaCode?: string };
  contact?: { ketua?: string; telepon?: string };
  legal?: { statusBadanHukum?: string; tandaDaftar?: { nomor?: string; berlakuSampai?: string } };
  accreditation?: { status?: string; berlakuSampai?: string };
}

function cardOrganisation(org: OrgDoc | undefined, response: CardResponseDoc): CardOrganisation {
  return {
    nama: org?.identity?.nama ?? String(response.organisationId),
    namaYayasan: org?.identity?.namaYayasan, jenisOrganisasi: org?.identity?.jenisOrganisasi,
    jenisPelayanan: org?.identity?.jenisPelayanan, lokasiPelayanan: org?.identity?.lokasiPelayanan,
    alamat: org?.location?.alamat, desaKelurahan: org?.location?.desaKelurahan, kecamatanCode: org?.location?.kecamatanCode,
    kabkotaCode: org?.location?.kabkotaCode ?? response.kabkotaCode,
    ketua: org?.contact?.ketua, telepon: org?.contact?.telepon,
    statusBadanHukum: org?.legal?.statusBadanHukum,
    tandaDaftarNomor: org?.legal?.tandaDaftar?.nomor, tandaDaftarBerlakuSampai: org?.legal?.tandaDaftar?.berlakuSampai,
    akreditasi: org?.accreditation?.status, akreditasiBerlakuSampai: org?.accreditation?.berlakuSampai,
  };
}

/** Only whether the answers are empty matters to a card (the completion bucket); not the answers. */
async function withAnswersFlag(docs: CardResponseDoc[]): Promise<CardResponseDoc[]> {
  const drafts = docs.filter((d) => d.state === 'draft').map((d) => d._id);
  if (drafts.length === 0) return docs;
  const rows = await ResponseModel.aggregate([
    { $match: { _id: { $in: drafts } } },
    { $project: { empty: { $eq: [{ $size: { $objectToArray: { $ifNull: ['$answers', { $literal: {} }] } } }, 0] } } },
  ]);
  const empty = new Set(rows.filter((r) => r.empty === true).map((r) => String(r._id)));
  return docs.map((d) => (d.state === 'draft' ? { ...d, answers: empty.has(String(d._id)) ? {} : { any: true } } : d));
}

/**
 * Card inputs for responses already known to be in the caller's scope (`docs`), with their
 * organisations and the earlier years of the same instrument (through `historyScope`).
 */
export async function cardInputs(docs: CardResponseDoc[], cycle: CycleInfo, form: LoadedForm, historyScope: MongoFilter): Promise<CardInput[]> {
  if (docs.length === 0) return [];
  const flagged = await withAnswersFlag(docs);
  const orgIds = flagged.map((d) => d.organisationId);
  const orgs = new Map(((await Organisation.find({ _id: { $in: orgIds } }, ORG_FIELDS).lean()) as unknown as OrgDoc[]).map((o) => [String(o._id), o]));
  const past = (await ResponseModel.find(
    withScope(historyScope, { organisationId: { $in: orgIds }, formId: cycle.formId, cycleId: { $ne: cycle._id } }),
    { cycleId: 1, organisationId: 1, ...prefixed('selfScore', HISTORY_SCORE), ...prefixed('verifiedScore', HISTORY_SCORE) },
  ).lean()) as unknown as CardResponseDoc[];
  const cycles = new Map(((await Cycle.find({ _id: { $in: [...new Set(past.map((p) => String(p.cycleId)))].map((i) => new mongoose.Types.ObjectId(i)) } }, { name: 1, year: 1 }).lean()) as unknown as CycleInfo[]).map((c) => [String(c._id), c]));
  const cardForm = {
    id: form.id, version: form.version, title: form.title, subjectType: form.subjectType, grades: form.grades,
    recommendationThreshold: form.recommendationThreshold, sections: form.sections, questions: form.questions,
  };
  return flagged.map((d) => ({
    response: { ...d, id: String(d._id) },
    organisation: cardOrganisation(orgs.get(String(d.organisationId)), d),
    cycle: { id: String(cycle._id), name: cycle.name, year: cycle.year },
    form: cardForm,
    history: past
      .filter((p) => String(p.organisationId) === String(d.organisationId))
      .map((p) => ({ p, c: cycles.get(String(p.cycleId)) }))
      .filter(({ c }) => c !== undefined && c.year < cycle.year)
      .map(({ p, c }) => ({ cycleName: (c as CycleInfo).name, year: (c as CycleInfo).year, selfScore: p.selfScore, verifiedScore: p.verifiedScore })),
  }));
}

function prefixed(prefix: string, fields: Record<string, 1>): Record<string, 1> {
  return Object.fromEntries(Object.keys(fields).map((k) => [`${prefix}.${k}`, 1]));
}

/** One response's card fields, if in scope (else 404 and, when it exists, an audit entry). */
export async function findCardResponse(scopeFilter: MongoFilter, id: Id, onMissing: () => Promise<never>): Promise<CardResponseDoc> {
  const doc = await ResponseModel.findOne(withScope(scopeFilter, { _id: id }), CARD_FIELDS).lean();
  if (!doc) return onMissing();
  return doc as unknown as CardResponseDoc;
}

/**
 * A page of a cycle's responses for the bulk print, ordered by kab/kota then id; the grade and
 * completion filters are plain conditions (pipeline.ts), so this is a find and a count.
 */
export async function cardPage(cycle: CycleInfo, scopeFilter: MongoFilter, filters: ReportFilters, page: number, pageSize: number): Promise<{ docs: CardResponseDoc[]; total: number }> {
  const filter = and(
    await reportMatch(cycle._id, scopeFilter, filters),
    filters.state ? bucketFilter(filters.state) : {},
    filters.grade ? gradeFilter(filters.grade, basisOf(filters)) : {},
  );
  const [total, docs] = await Promise.all([
    ResponseModel.countDocuments(filter),
    ResponseModel.find(filter, CARD_FIELDS).sort({ kabkotaCode: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean(),
  ]);
  return { docs: docs as unknown as CardResponseDoc[], total };
}
