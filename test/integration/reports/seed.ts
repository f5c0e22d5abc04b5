/**
 * A small deterministic dataset for the report tests, written through the models: 12 LKS in three
 * kabupaten/kota (Lebak 36.02, Serang 36.04, Kota Tangerang 36.71), the 2026 cycle with responses
 * in every completion bucket, and a 2025 cycle of the same instrument for the comparison.
 * Scores are computed by the real engine from the complete sample answers with per-section
 * evaluator-style overrides, so every response has a different, realistic score record.
 *
 * Each entry states its expected bucket and which score counts LITERALLY, so the tests' expected
 * figures do not reuse the code under test.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { questions, score, type LoadedForm } from '../../../server/domain/forms';
import { scoreRecord, type ScoreRecord } from '../../../server/domain/fill';
import { ensureBundledInstruments } from '../../../server/bootstrap/instruments';
import { Cycle } from '../../../server/model/cycle';
import { Instrument } from '../../../server/model/instrument';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { loadPublishedForm } from '../../../server/model/query/instruments';

export const FORM_ID = 'lks-monev-tahunan';
const ROOT = path.resolve(__dirname, '..', '..', '..');
export const COMPLETE = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/forms/lks-monev-tahunan.complete.json'), 'utf8'));

/** Level (0-1) of each scored section; the override sets every item of a section to round(level × max). */
type Levels = Record<string, number>;

export interface SeedEntry {
  key: string;
  nama: string;
  kabkota: string;
  jenis: 'lksa_anak' | 'lanjut_usia' | 'disabilitas';
  state: 'draft' | 'submitted' | 'in_review' | 'returned' | 'resubmitted' | 'verified';
  expectBucket: 'not_started' | 'draft' | 'submitted' | 'in_review' | 'returned' | 'verified';
  /** Which stored score the reports must use: 'verified', 'self' or none. */
  expectBasis: 'verified' | 'self' | null;
  self?: Levels;
  verified?: Levels;
  empty?: boolean;
  prefilled?: boolean;
  review?: { path: string; comment?: string; reason?: string }[];
  /** 2025 response (verified) levels, if the organisation took part last year. */
  lastYear?: Levels;
}

const L = (manajemen: number, program: number, prosesPelayanan: number, sdm: number, sarpras: number, hasil: number): Levels =>
  ({ manajemen, program, prosesPelayanan, sdm, sarpras, hasil });

export const ENTRIES: SeedEntry[] = [
  { key: 'A1', nama: 'LKSA Harapan Lebak', kabkota: '36.02', jenis: 'lksa_anak', state: 'verified', expectBucket: 'verified', expectBasis: 'verified',
    self: L(1, 1, 1, 1, 1, 1), verified: L(0.75, 0.5, 0.75, 0.5, 0.25, 0.5), lastYear: L(0.5, 0.5, 0.5, 0.5, 0.25, 0.5),
    review: [{ path: 'manajemen.aktaPendirian', comment: 'Akta asli sudah diperiksa saat visitasi.', reason: 'Bukti hanya salinan tanpa legalisasi' }] },
  { key: 'A2', nama: 'Panti Werdha Lebak Sejahtera', kabkota: '36.02', jenis: 'lanjut_usia', state: 'in_review', expectBucket: 'in_review', expectBasis: 'self',
    self: L(0.75, 0.75, 0.75, 0.5, 0.5, 0.75) },
  { key: 'A3', nama: 'LKS Disabilitas Cibadak', kabkota: '36.02', jenis: 'disabilitas', state: 'submitted', expectBucket: 'submitted', expectBasis: 'self',
    self: L(0.25, 0.25, 0.5, 0.25, 0.25, 0.25), lastYear: L(0.25, 0.25, 0.25, 0.25, 0.25, 0.25) },
  { key: 'A4', nama: 'LKSA Rangkasbitung', kabkota: '36.02', jenis: 'lksa_anak', state: 'draft', expectBucket: 'draft', expectBasis: null },
  { key: 'A5', nama: 'LKSA Malingping', kabkota: '36.02', jenis: 'lksa_anak', state: 'draft', expectBucket: 'not_started', expectBasis: null, empty: true },
  { key: 'B1', nama: 'LKSA Serang Mandiri', kabkota: '36.04', jenis: 'lksa_anak', state: 'verified', expectBucket: 'verified', expectBasis: 'verified',
    self: L(1, 1, 1, 1, 1, 1), verified: L(1, 1, 0.75, 1, 1, 1), lastYear: L(0.75, 0.75, 0.75, 0.75, 0.75, 0.75) },
  { key: 'B2', nama: 'Panti Werdha Ciruas', kabkota: '36.04', jenis: 'lanjut_usia', state: 'returned', expectBucket: 'returned', expectBasis: 'self',
    self: L(0.5, 0.5, 0.5, 0.5, 0.5, 0.5) },
  { key: 'B3', nama: 'LKS Disabilitas Kramatwatu', kabkota: '36.04', jenis: 'disabilitas', state: 'resubmitted', expectBucket: 'submitted', expectBasis: 'self',
    self: L(0.75, 0.5, 0.75, 0.75, 0.5, 0.5) },
  { key: 'B4', nama: 'LKSA Pontang', kabkota: '36.04', jenis: 'lksa_anak', state: 'draft', expectBucket: 'not_started', expectBasis: null, prefilled: true },
  { key: 'C1', nama: 'LKSA Kota Tangerang', kabkota: '36.71', jenis: 'lksa_anak', state: 'verified', expectBucket: 'verified', expectBasis: 'verified',
    self: L(0.75, 0.75, 0.75, 0.75, 0.75, 0.75), verified: L(0.75, 0.75, 0.5, 0.75, 0.75, 0.75), lastYear: L(0.5, 0.5, 0.5, 0.75, 0.75, 0.5) },
  { key: 'C2', nama: 'Panti Werdha Cipondoh', kabkota: '36.71', jenis: 'lanjut_usia', state: 'verified', expectBucket: 'verified', expectBasis: 'verified',
    self: L(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), verified: L(0.25, 0.25, 0.25, 0.25, 0.5, 0.25) },
  { key: 'C3', nama: 'LKS Disabilitas Karawaci', kabkota: '36.71', jenis: 'disabilitas', state: 'submitted', expectBucket: 'submitted', expectBasis: 'self',
    self: L(1, 0.75, 1, 0.75, 1, 0.75) },
];

function overridesFor(form: LoadedForm, levels: Levels): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of questions(form)) {
    if (q.kind !== 'question' || q.scoreMax === null || q.inRepeat) continue;
    const level = levels[q.section];
    if (level !== undefined) out[q.path] = Math.round(level * q.scoreMax);
  }
  return out;
}

export function scoreFor(form: LoadedForm, levels: Levels, answers: unknown = COMPLETE): ScoreRecord {
  return scoreRecord(score(form, answers, overridesFor(form, levels)), new Date('2026-07-01T03:00:00Z'));
}

export interface Seeded {
  form: LoadedForm;
  cycleId: string;
  previousCycleId: string;
  orgIds: Record<string, string>;
  responseIds: Record<string, string>;
  /** The stored score records by entry key (self / verified). */
  scores: Record<string, { self: ScoreRecord | null; verified: ScoreRecord | null; lastYear: ScoreRecord | null }>;
}

export async function seedReports(): Promise<Seeded> {
  await ensureBundledInstruments();
  const stored = await Instrument.findOne({ formId: FORM_ID, status: 'published' }, { version: 1 }).lean();
  const form = await loadPublishedForm(FORM_ID, stored!.version);
  const previous = await Cycle.create({ name: 'Monev LKS 2025', year: 2025, formId: FORM_ID, formVersion: form.version, subjectType: 'LKS', opensAt: new Date('2025-06-01'), closesAt: new Date('2025-08-31'), status: 'open' });
  const cycle = await Cycle.create({ name: 'Monev LKS 2026', year: 2026, formId: FORM_ID, formVersion: form.version, subjectType: 'LKS', opensAt: new Date('2026-06-01'), closesAt: new Date('2026-08-31'), status: 'open', previousCycleId: previous._id });
  const seeded: Seeded = { form, cycleId: String(cycle._id), previousCycleId: String(previous._id), orgIds: {}, responseIds: {}, scores: {} };
  for (const e of ENTRIES) {
    const org = await Organisation.create({
      identity: { nama: e.nama, jenisOrganisasi: 'lks', jenisPelayanan: e.jenis, sasaranPmks: [] },
      location: { alamat: `Jl. Uji ${e.key}`, kecamatanCode: `${e.kabkota}.01`, kabkotaCode: e.kabkota },
      contact: { ketua: `Ketua ${e.key}` },
      legal: { tandaDaftar: { nomor: `460/${e.key}/Dinsos/2024`, berlakuSampai: '2027-02-01' } },
      accreditation: { status: 'belum' },
    });
    seeded.orgIds[e.key] = String(org._id);
    const self = e.self ? scoreFor(form, e.self) : null;
    const verified = e.verified ? scoreFor(form, e.verified) : null;
    const lastYear = e.lastYear ? scoreFor(form, e.lastYear) : null;
    seeded.scores[e.key] = { self, verified, lastYear };
    let prevId: mongoose.Types.ObjectId | null = null;
    if (lastYear) {
      const prev = await ResponseModel.create({
        cycleId: previous._id, organisationId: org._id, kabkotaCode: e.kabkota, formId: FORM_ID, formVersion: form.version,
        state: 'verified', answers: COMPLETE, rev: 5, selfScore: lastYear, verifiedScore: lastYear, submittedAt: new Date('2025-07-01'), verifiedAt: new Date('2025-08-01'),
      });
      prevId = prev._id;
    }
    const answers = e.empty ? {} : e.prefilled ? { profil: COMPLETE.profil } : e.state === 'draft' ? { profil: COMPLETE.profil, manajemen: { aktaPendirian: 2 } } : COMPLETE;
    const doc = await ResponseModel.create({
      cycleId: cycle._id, organisationId: org._id, kabkotaCode: e.kabkota, formId: FORM_ID, formVersion: form.version,
      state: e.state, answers, rev: e.empty || e.prefilled ? 0 : 3, selfScore: self, verifiedScore: verified,
      prefilledFrom: e.prefilled ? prevId ?? new mongoose.Types.ObjectId() : null,
      submittedAt: self ? new Date('2026-07-01T03:00:00Z') : null,
      verifiedAt: e.state === 'verified' ? new Date('2026-07-20T03:00:00Z') : null,
      review: (e.review ?? []).map((r) => ({ path: r.path, comment: r.comment ?? null, reason: r.reason ?? null, by: 'evaluator', at: new Date() })),
    });
    seeded.responseIds[e.key] = String(doc._id);
  }
  return seeded;
}

/** The score that counts for an entry, by the literal expectation (not the code under test). */
export function countedScore(seeded: Seeded, e: SeedEntry): ScoreRecord | null {
  const s = seeded.scores[e.key];
  return e.expectBasis === 'verified' ? s.verified : e.expectBasis === 'self' ? s.self : null;
}
