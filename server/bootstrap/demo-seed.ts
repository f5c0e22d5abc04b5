/**
 * The demo: on an empty database outside production, `npm start` fills Monev with a clearly
 * labelled example — 40 organisations "(Demo)" across the 8 kabupaten/kota of Banten, last year's
 * LKS evaluation cycle (closed, on the instrument version of its own year from forms/demo/) and
 * this year's (open) with responses in every workflow state, realistic scores and the evidence
 * files the instrument requires (generated PDFs and PNGs in GridFS), and one demo account per
 * role (passwords random, printed once). Every document has `demo: true`. Seeds only when the
 * register is empty, in one transaction (all or nothing, files included), and never when
 * NODE_ENV=production.
 */
import path from 'node:path';
import mongoose from 'mongoose';
import { generatePassword, hashPassword } from '../domain/accounts/password';
import { RESPONSE_STATES, type ResponseState } from '../domain/workflow/state-machine';
import type { Logger } from '../http/logging';
import { AuditEntry } from '../model/audit';
import { Cycle } from '../model/cycle';
import { Instrument } from '../model/instrument';
import { Organisation } from '../model/organisation';
import { ensureEvidenceIndexes, insertEvidenceDocuments, type GridFsDocuments } from '../model/evidence-store';
import { ResponseModel } from '../model/response';
import { User } from '../model/user';
import { loadPublishedForm } from '../model/query/instruments';
import { type DemoAccount, demoAccounts } from './demo-accounts';
import { demoOrganisations } from './demo-organisations';
import { seededRandom } from './demo-random';
import { demoResponse } from './demo-responses';
import { oneTimeNotice } from './first-admin';
import { ensureBundledInstruments } from './instruments';
import { FORMS_DIR } from '../paths';

export const DEMO_FORM_ID = 'lks-monev-tahunan';
const SEED = 20250601;
const DAY = 24 * 3600_000;

/** This year's states, in an order that puts every state in every kabupaten/kota's first rows. */
const CURRENT_STATES: readonly ResponseState[] = ['verified', 'in_review', 'draft', 'submitted', 'returned', 'resubmitted', 'verified', 'draft', 'submitted', 'verified', 'in_review', 'returned'];

export interface SeedOptions { nodeEnv?: string; now?: Date; print?: (text: string) => void }

export interface SeedResult {
  seeded: boolean;
  reason?: 'production' | 'not-empty';
  organisations?: number;
  cycles?: number;
  responses?: Partial<Record<ResponseState, number>>;
  accounts?: { username: string; role: string; password: string }[];
}

/** Whether the database holds the demo (the lead's layout can show the demo banner). */
export async function hasDemoData(): Promise<boolean> {
  return (await Organisation.exists({ demo: true })) !== null;
}

/** Instrument versions only the demo uses (last year's LKS version), checked by `npm run forms:check`. */
export const DEMO_FORMS_DIR = path.join(FORMS_DIR, 'demo');

/** "2026.1" → [2026, 1]: versions compared by their numbers. */
const versionKey = (v: string) => v.split(/[.-]/).map((p) => Number(p) || 0);
function newer(a: string, b: string): number {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

/** This year's instrument (the newest LKS version) and last year's (the newest version of that year, else the same). */
async function demoForms(logger: Logger, year: number) {
  await ensureBundledInstruments();
  await ensureBundledInstruments(DEMO_FORMS_DIR);
  const versions = (await Instrument.find({ formId: DEMO_FORM_ID, status: 'published' }, { version: 1 }).lean()).map((i) => i.version).sort(newer);
  if (versions.length === 0) {
    logger.warn({ formId: DEMO_FORM_ID }, 'Instrumen LKS bawaan tidak tersedia; demo dibuat tanpa siklus evaluasi');
    return null;
  }
  const previous = versions.find((v) => v.startsWith(`${year - 1}.`)) ?? versions[0];
  return { current: await loadPublishedForm(DEMO_FORM_ID, versions[0]), previous: await loadPublishedForm(DEMO_FORM_ID, previous) };
}

export async function seedDemo(logger: Logger, options: SeedOptions = {}): Promise<SeedResult> {
  if ((options.nodeEnv ?? process.env.NODE_ENV) === 'production') return { seeded: false, reason: 'production' };
  if ((await Organisation.estimatedDocumentCount()) > 0) return { seeded: false, reason: 'not-empty' };
  const now = options.now ?? new Date();
  const rng = seededRandom(SEED);
  const year = now.getUTCFullYear();
  const forms = await demoForms(logger, year);
  const orgs = demoOrganisations(rng.fork('organisations'), now).map((o) => ({ ...o, _id: new mongoose.Types.ObjectId() }));
  const targets = orgs.filter((o) => o.record.active && o.record.identity.jenisOrganisasi === 'lks');
  // The demo operator's LKS: one in Lebak whose current response is still a draft, ready to fill.
  const operatorOrg = targets.find((o, i) => o.kabkotaCode === '36.02' && CURRENT_STATES[i % CURRENT_STATES.length] === 'draft') ?? targets[0];
  const accounts = demoAccounts({ _id: operatorOrg._id, nama: operatorOrg.record.identity.nama });
  const passwords = new Map(accounts.map((a) => [a.username, generatePassword()]));
  const userDocs = await Promise.all(accounts.map(async (a) => ({ ...a.user, _id: a.id, passwordHash: await hashPassword(passwords.get(a.username)!), demo: true })));
  const adminId = String(accounts.find((a) => a.user.role === 'admin')!.id);
  const evaluatorFor = (kabkota: string) => String(accounts.find((a) => a.user.role === 'evaluator' && Array.isArray(a.user.kabkota) && a.user.kabkota.includes(kabkota))?.id
    ?? accounts.find((a) => a.user.role === 'evaluator' && a.user.kabkota === 'all')!.id);

  // Last year's cycle is over: closed by the admin after its closing date, on its own year's instrument.
  const cycles = forms ? [
    { _id: new mongoose.Types.ObjectId(), year: year - 1, form: forms.previous, opensAt: new Date(Date.UTC(year - 1, 5, 1)), closesAt: new Date(Date.UTC(year - 1, 7, 31, 16, 59)), closedAt: new Date(Date.UTC(year - 1, 8, 2, 2)) },
    { _id: new mongoose.Types.ObjectId(), year, form: forms.current, opensAt: new Date(now.getTime() - 60 * DAY), closesAt: new Date(now.getTime() + 30 * DAY), closedAt: null },
  ] : [];
  const responses: Record<string, unknown>[] = [];
  const files: GridFsDocuments[] = [];
  const add = (r: { doc: Record<string, unknown>; files: GridFsDocuments[] }) => { responses.push(r.doc); files.push(...r.files); };
  if (forms) {
    const [previous, current] = cycles;
    targets.forEach((o, i) => {
      const quality = 0.42 + 0.55 * rng.fork(`quality:${i}`).next();
      const common = { organisationId: o._id, org: o.record, evaluatorId: evaluatorFor(o.kabkotaCode) };
      add(demoResponse({ ...common, form: previous.form, cycleId: previous._id, state: i % 8 === 3 ? 'draft' : 'verified', quality: Math.max(0.3, quality - 0.06),
        rng: rng.fork(`previous:${i}`), opensAt: previous.opensAt, until: previous.closesAt }));
      add(demoResponse({ ...common, form: current.form, cycleId: current._id, state: CURRENT_STATES[i % CURRENT_STATES.length], quality,
        rng: rng.fork(`current:${i}`), opensAt: current.opensAt, until: now }));
    });
  }
  const cycleDocs = cycles.map((c, i) => ({
    _id: c._id, name: `Monev LKS ${c.year} (Demo)`, year: c.year, formId: DEMO_FORM_ID, formVersion: c.form.version, subjectType: 'LKS',
    opensAt: c.opensAt, closesAt: c.closesAt, target: {}, previousCycleId: i === 1 ? cycles[0]._id : null, prefillProfile: i === 1,
    status: c.closedAt ? 'closed' : 'open', openedAt: c.opensAt, openedBy: adminId, closedAt: c.closedAt, closedBy: c.closedAt ? adminId : null,
    responseCount: targets.length, createdBy: adminId, demo: true,
  }));
  if (files.length > 0) await ensureEvidenceIndexes();

  const stored = await mongoose.connection.transaction(async (session) => {
    // Checked again inside the transaction: two instances starting together seed once.
    if ((await Organisation.countDocuments({}, { session })) > 0) return false;
    await Organisation.insertMany(orgs.map((o) => ({ ...o.record, _id: o._id, demo: true })), { session });
    await User.insertMany(userDocs, { session });
    if (cycleDocs.length > 0) await Cycle.insertMany(cycleDocs, { session });
    if (responses.length > 0) await ResponseModel.insertMany(responses, { session });
    await insertEvidenceDocuments(files, session);
    await AuditEntry.create([{ action: 'demo.seed', actorName: 'sistem', details: { organisations: orgs.length, cycles: cycleDocs.length, responses: responses.length, files: files.length } }], { session });
    return true;
  }).catch((err: { code?: number }) => {
    if (err.code === 11000) return false; // a demo account name was taken by a concurrent seed
    throw err;
  });
  if (!stored) return { seeded: false, reason: 'not-empty' };

  const counts: Partial<Record<ResponseState, number>> = {};
  for (const state of RESPONSE_STATES) counts[state] = responses.filter((r) => r.state === state).length;
  const shown = accounts.map((a: DemoAccount) => ({ username: a.username, role: a.user.role, password: passwords.get(a.username)! }));
  logger.warn({ organisations: orgs.length, cycles: cycleDocs.length, responses: responses.length, accounts: shown.map((a) => a.username) }, 'Data DEMO dibuat (basis data kosong); kata sandi akun demo dicetak di konsol');
  (options.print ?? ((text: string) => process.stdout.write(text)))(oneTimeNotice([
    'Monev berisi DATA DEMO (lembaga bertanda "(Demo)"), bukan data resmi.',
    'Akun demo (kata sandi hanya ditampilkan sekali):',
    ...accounts.map((a) => `  ${a.username.padEnd(24)} ${passwords.get(a.username)}   ${a.label}`),
  ]));
  return { seeded: true, organisations: orgs.length, cycles: cycleDocs.length, responses: counts, accounts: shown };
}
