/**
 * The demo seed: expected counts, every label and `demo: true`, every workflow state, scores that
 * the engine reproduces, working demo accounts with scopes, idempotence, determinism, and nothing
 * at all in production.
 */
import type { Express } from 'express';
import type { Logger } from 'pino';
import { seedDemo, hasDemoData, DEMO_FORM_ID } from '../../../server/bootstrap/demo-seed';
import { countByPath, evidencePolicy, sniffContentType } from '../../../server/domain/files';
import { findQuestion, score, validateAnswers } from '../../../server/domain/forms';
import { RESPONSE_STATES } from '../../../server/domain/workflow/state-machine';
import { AuditEntry } from '../../../server/model/audit';
import { Cycle } from '../../../server/model/cycle';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { User } from '../../../server/model/user';
import { loadPublishedForm } from '../../../server/model/query/instruments';
import { openEvidenceDownload } from '../../../server/model/evidence-store';
import { testApp } from '../../helpers/app';
import { clearDb, startTestDb, type TestDb } from '../../helpers/db';
import { loginAs } from '../../helpers/session';

const silent = { warn: () => {}, error: () => {}, info: () => {} } as unknown as Logger;
const NOW = new Date('2026-11-28T03:00:00Z');

let db: TestDb;
let app: Express;
beforeAll(async () => {
  db = await startTestDb();
  app = testApp();
});
afterAll(async () => { await db.stop(); });

describe('seedDemo on an empty database', () => {
  let result: Awaited<ReturnType<typeof seedDemo>>;
  let printed = '';
  beforeAll(async () => {
    await clearDb();
    result = await seedDemo(silent, { nodeEnv: 'development', now: NOW, print: (t) => { printed += t; } });
  }, 120000);

  it('creates 40 labelled demo organisations across the 8 kabupaten/kota', async () => {
    expect(result.seeded).toBe(true);
    const orgs = await Organisation.find().lean();
    expect(orgs).toHaveLength(40);
    expect(orgs.every((o) => o.demo === true && o.identity?.nama.endsWith(' (Demo)'))).toBe(true);
    expect(new Set(orgs.map((o) => o.location?.kabkotaCode)).size).toBe(8);
    const byType = (t: string) => orgs.filter((o) => o.identity?.jenisOrganisasi === t).length;
    expect([byType('lks'), byType('karang_taruna'), byType('tksk')]).toEqual([36, 2, 2]);
    expect(orgs.filter((o) => !o.active)).toHaveLength(1);
    expect(await hasDemoData()).toBe(true);
  });

  it('creates last year\'s LKS cycle (closed, on its own year\'s version) and this year\'s (open), one response per active LKS in each', async () => {
    const cycles = await Cycle.find().sort({ year: 1 }).lean();
    expect(cycles.map((c) => c.year)).toEqual([2025, 2026]);
    expect(cycles.every((c) => c.demo && c.formId === DEMO_FORM_ID && c.name.includes('(Demo)'))).toBe(true);
    expect(cycles.map((c) => [c.status, c.formVersion])).toEqual([['closed', '2025.1'], ['open', '2026.1']]);
    expect(cycles[0].closedAt!.getTime()).toBeGreaterThan(cycles[0].closesAt.getTime());
    expect(cycles[0].closedBy).toEqual(expect.any(String));
    for (const c of cycles) expect(await ResponseModel.countDocuments({ cycleId: c._id, formVersion: c.formVersion })).toBe(35);
    expect(String(cycles[1].previousCycleId)).toBe(String(cycles[0]._id));
    expect(cycles[1].closesAt.getTime()).toBeGreaterThan(NOW.getTime());
    for (const c of cycles) expect(await ResponseModel.countDocuments({ cycleId: c._id, demo: true })).toBe(35);
    expect(await ResponseModel.countDocuments({ demo: { $ne: true } })).toBe(0);
  });

  it('has this year\'s responses in every workflow state', async () => {
    const current = await Cycle.findOne({ year: 2026 }).lean();
    const states = await ResponseModel.distinct('state', { cycleId: current!._id });
    expect([...states].sort()).toEqual([...RESPONSE_STATES].sort());
    expect(Object.values(result.responses ?? {}).reduce((a, b) => a + (b ?? 0), 0)).toBe(70);
    for (const state of RESPONSE_STATES) expect(result.responses?.[state]).toBeGreaterThan(0);
  });

  it('stores scores the engine reproduces: self-scores at submit, verified scores with the evaluator\'s points', async () => {
    const responses = await ResponseModel.find().lean();
    const grades = new Set<string>();
    for (const r of responses) {
      const form = await loadPublishedForm(DEMO_FORM_ID, r.formVersion);
      if (r.state === 'draft') {
        expect(r.selfScore).toBeNull();
        expect(validateAnswers(form, r.answers, { mode: 'draft', role: 'operator' }).ok).toBe(true);
        continue;
      }
      expect(validateAnswers(form, r.answers, { mode: 'submit', role: 'operator', evidence: countByPath(r.evidence) }).ok).toBe(true);
      expect(r.selfScore?.total).toBe(score(form, r.answers).total);
      expect(r.submittedAt).toBeInstanceOf(Date);
      if (r.state === 'verified') {
        const overrides = Object.fromEntries(r.review.filter((i) => i.verifiedPoints !== null).map((i) => [i.path, i.verifiedPoints as number]));
        expect(r.verifiedScore?.total).toBe(score(form, r.answers, overrides).total);
        expect(r.verifiedBy).toEqual(expect.any(String));
        grades.add(String(r.verifiedScore?.grade));
      } else {
        expect(r.verifiedScore).toBeNull();
      }
      if (r.state === 'returned') expect(r.review.some((i) => i.needsFix && (i.comment ?? '').length > 0)).toBe(true);
    }
    expect(grades.size).toBeGreaterThanOrEqual(3); // realistic spread over the grade bands
  });

  it('every submitted demo response passes the app\'s own submit check, evidence files included (stored in GridFS like uploads)', async () => {
    const responses = await ResponseModel.find({ state: { $ne: 'draft' } }).lean();
    expect(responses.length).toBe(60);
    // every stored chunk at once (one query), by file
    const chunks = new Map<string, { n: number; data: Buffer }[]>();
    for (const c of await ResponseModel.db.collection('evidence.chunks').find({}).toArray()) {
      chunks.set(String(c.files_id), [...(chunks.get(String(c.files_id)) ?? []), { n: c.n as number, data: Buffer.from((c.data as { buffer: Uint8Array }).buffer) }]);
    }
    let files = 0;
    const formsSeen = new Map<string, Awaited<ReturnType<typeof loadPublishedForm>>>();
    for (const r of responses) {
      const form = await loadPublishedForm(DEMO_FORM_ID, r.formVersion);
      formsSeen.set(r.formVersion, form);
      // exactly what POST /tanggapan/:id/kirim checks (fill-submit.ts): submit mode, operator, files per question
      const check = validateAnswers(form, r.answers, { mode: 'submit', role: 'operator', evidence: countByPath(r.evidence) });
      expect({ id: String(r._id), errors: check.errors.map((e) => e.message) }).toEqual({ id: String(r._id), errors: [] });
      files += r.evidence.length;
      for (const e of r.evidence) {
        const policy = evidencePolicy(findQuestion(form, e.path)?.evidence);
        expect(policy.types).toContain(e.type);
        expect(e.size).toBeLessThanOrEqual(policy.maxBytes);
        const bytes = Buffer.concat((chunks.get(String(e.fileId)) ?? []).sort((a, b) => a.n - b.n).map((c) => c.data));
        expect(bytes.length).toBe(e.size);
        expect(sniffContentType(bytes)).toBe(e.type); // a real PDF / PNG, recognised like an upload
      }
      if (r.state === 'submitted') expect(r.evidence.every((e) => e.verdict === null)).toBe(true);
      if (r.state === 'verified') expect(r.evidence.every((e) => e.verdict === 'valid' || e.verdict === 'invalid')).toBe(true);
    }
    // the driver's GridFS reader (what /bukti/:id uses) reads them like any upload
    const first = responses.find((r) => r.evidence.length > 0)!.evidence[0];
    const streamed: Buffer[] = [];
    for await (const c of openEvidenceDownload(first.fileId)) streamed.push(c as Buffer);
    expect(sniffContentType(Buffer.concat(streamed))).toBe(first.type);
    // the evidence rule matters here: without their files the same check refuses most of them
    const withoutFiles = responses.filter((r) => !validateAnswers(formsSeen.get(r.formVersion)!, r.answers, { mode: 'submit', role: 'operator', evidence: {} }).ok);
    expect(withoutFiles.length).toBeGreaterThan(responses.length / 2);
    const stored = await ResponseModel.db.collection('evidence.files').find({}, { projection: { metadata: 1, filename: 1 } }).toArray();
    const draftFiles = (await ResponseModel.find({ state: 'draft' }, { evidence: 1 }).lean()).reduce((n, r) => n + r.evidence.length, 0);
    expect(stored).toHaveLength(files + draftFiles);
    const ids = new Map((await ResponseModel.find({}, { evidence: 1, organisationId: 1 }).lean()).flatMap((r) => r.evidence.map((e) => [String(e.fileId), { r, e }] as const)));
    for (const f of stored) {
      const ref = ids.get(String(f._id));
      expect(ref).toBeDefined();
      expect(f.filename).toBe(String(f._id));
      expect(f.metadata).toMatchObject({ responseId: String(ref!.r._id), organisationId: String(ref!.r.organisationId), path: ref!.e.path, contentType: ref!.e.type });
    }
  });

  it('creates one demo account per role whose printed password works, with the right scope', async () => {
    const users = await User.find().lean();
    expect(users.map((u) => u.username).sort()).toEqual(['demo.admin', 'demo.evaluator', 'demo.evaluator.lebak', 'demo.operator', 'demo.pimpinan']);
    expect(users.every((u) => u.demo)).toBe(true);
    expect(users.find((u) => u.username === 'demo.evaluator.lebak')?.kabkota).toEqual(['36.02', '36.01']);
    for (const a of result.accounts!) expect(printed).toContain(a.password);
    const password = (name: string) => result.accounts!.find((a) => a.username === name)!.password;
    const evaluator = await loginAs(app, 'demo.evaluator.lebak', password('demo.evaluator.lebak'));
    const seen = await evaluator.get('/lembaga').set('Accept', 'application/json');
    expect(seen.body.total).toBe(14); // 12 LKS, a Karang Taruna and a TKSK
    expect(seen.body.rows.every((r: { location: { kabkotaCode: string } }) => ['36.01', '36.02'].includes(r.location.kabkotaCode))).toBe(true);
    const operator = await loginAs(app, 'demo.operator', password('demo.operator'));
    const own = await operator.get('/lembaga').set('Accept', 'application/json');
    expect(own.body.total).toBe(1);
    const current = await Cycle.findOne({ year: 2026 }).lean();
    const ownResponse = await ResponseModel.findOne({ organisationId: own.body.rows[0].id, cycleId: current!._id }).lean();
    expect(ownResponse?.state).toBe('draft'); // ready for the operator to continue
    const admin = await loginAs(app, 'demo.admin', password('demo.admin'));
    const page = await admin.get('/admin/lembaga').set('Accept', 'text/html');
    expect(page.text).toContain('DATA DEMO');
    expect(await AuditEntry.countDocuments({ action: 'demo.seed' })).toBe(1);
  });

  it('does nothing the second time (the register is no longer empty)', async () => {
    const again = await seedDemo(silent, { nodeEnv: 'development', now: NOW, print: () => {} });
    expect(again).toEqual({ seeded: false, reason: 'not-empty' });
    expect(await Organisation.countDocuments()).toBe(40);
    expect(await User.countDocuments()).toBe(5);
  });
});

describe('seedDemo guards', () => {
  beforeEach(async () => { await clearDb(); });

  it('never seeds in production', async () => {
    const res = await seedDemo(silent, { nodeEnv: 'production', now: NOW, print: () => { throw new Error('printed'); } });
    expect(res).toEqual({ seeded: false, reason: 'production' });
    expect(await Organisation.countDocuments()).toBe(0);
    expect(await User.countDocuments()).toBe(0);
  });

  it('does not seed a database that already has organisations', async () => {
    await Organisation.create({ identity: { nama: 'LKS Nyata', jenisOrganisasi: 'lks' }, location: { alamat: 'x', kecamatanCode: '36.01.12', kabkotaCode: '36.01' } });
    expect((await seedDemo(silent, { nodeEnv: 'development', now: NOW, print: () => {} })).seeded).toBe(false);
    expect(await Organisation.countDocuments()).toBe(1);
  });

  it('is deterministic: the same organisations and scores every time', async () => {
    await seedDemo(silent, { nodeEnv: 'test', now: NOW, print: () => {} });
    const first = await ResponseModel.find({}, { 'selfScore.total': 1, state: 1 }).lean();
    const names = (await Organisation.find().sort({ 'identity.nama': 1 }).lean()).map((o) => o.identity?.nama);
    await clearDb();
    await seedDemo(silent, { nodeEnv: 'test', now: NOW, print: () => {} });
    const second = await ResponseModel.find({}, { 'selfScore.total': 1, state: 1 }).lean();
    expect((await Organisation.find().sort({ 'identity.nama': 1 }).lean()).map((o) => o.identity?.nama)).toEqual(names);
    const key = (rows: { state: string; selfScore?: { total?: number | null } | null }[]) => rows.map((r) => `${r.state}:${r.selfScore?.total ?? '-'}`).sort();
    expect(key(second)).toEqual(key(first));
  }, 120000);
});
