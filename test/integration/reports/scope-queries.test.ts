/**
 * The one-pass dashboard and the read-ahead export cursor keep every scope (checklist 6, 7):
 * an evaluator with kabupaten/kota AND listed organisations (the union, ids cast from strings),
 * a pimpinan limited to one kab/kota, an operator with two organisations. Figures are compared
 * with the independent computation of the seed (expected.ts), exports row by row. Also: item
 * points read by position fall back to paths for a response of another form version.
 */
import { parse } from 'csv-parse/sync';
import { signedIn, type Agent } from '../../helpers/session';
import mongoose from 'mongoose';
import { ResponseModel } from '../../../server/model/response';
import { ENTRIES, seedReports, type SeedEntry, type Seeded } from './seed';
import { expectCoreFigures, expectedFigures } from './expected';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let union: Agent;
let pimpinanSerang: Agent;
let operatorTwo: Agent;

const inUnion = (e: SeedEntry) => e.kabkota === '36.02' || e.key === 'C2' || e.key === 'B1';
const inSerang = (e: SeedEntry) => e.kabkota === '36.04';
const inOperator = (e: SeedEntry) => e.key === 'B2' || e.key === 'C3';

beforeAll(async () => {
  seeded = await seedReports();
  union = (await signedIn(env.app, { username: 'eval-union', role: 'evaluator', kabkota: ['36.02'], organisationIds: [seeded.orgIds.C2, seeded.orgIds.B1] })).agent;
  pimpinanSerang = (await signedIn(env.app, { username: 'pimpinan-serang', role: 'pimpinan', kabkota: ['36.04'] })).agent;
  operatorTwo = (await signedIn(env.app, { username: 'op-two', role: 'operator', organisationIds: [seeded.orgIds.B2, seeded.orgIds.C3] })).agent;
}, 60000);

interface Dash {
  totals: { responses: number; byBucket: Record<string, number>; scored: number; verifiedBasis: number; avgTotal: number | null; guidance: number };
  completion: { kabkotaCode: string; counts: Record<string, number> }[];
  grades: { grade: string; count: number }[];
  sections: { key: string; avg: number | null }[];
  top: { responseId: string }[];
  guidance: { rows: { responseId: string }[] };
}

async function dash(agent: Agent, query = ''): Promise<Dash> {
  const res = await agent.get(`/api/dasbor/${seeded.cycleId}${query}`).set('Accept', 'application/json');
  expect(res.status).toBe(200);
  return res.body.dashboard as Dash;
}

function expectScope(d: Dash, include: (e: SeedEntry) => boolean): void {
  const want = expectedFigures(seeded, include);
  expectCoreFigures(d, want);
  const allowed = new Set(ENTRIES.filter(include).map((e) => seeded.responseIds[e.key]));
  for (const row of [...d.top, ...d.guidance.rows]) expect(allowed.has(row.responseId)).toBe(true);
  expect(d.guidance.rows.length).toBe(want.guidance.length);
}

async function exportedIds(agent: Agent, query = ''): Promise<string[]> {
  const res = await agent.get(`/laporan/${seeded.cycleId}/ekspor.csv${query}`);
  expect(res.status).toBe(200);
  const [, ...rows] = parse(res.text.slice(1)) as string[][];
  return rows.map((r) => r[0]).sort();
}

const idsOf = (include: (e: SeedEntry) => boolean) => ENTRIES.filter(include).map((e) => seeded.responseIds[e.key]).sort();

describe('scope of the one-pass dashboard', () => {
  it('checklist 7: an evaluator with a kab/kota and listed organisations gets the figures of exactly their union', async () => {
    expectScope(await dash(union), inUnion);
  });

  it('checklist 7: the union still narrows with a filter (kab/kota of a listed organisation only)', async () => {
    expectScope(await dash(union, '?kabkota=36.71'), (e) => inUnion(e) && e.kabkota === '36.71');
  });

  it('checklist 7: a pimpinan limited to Serang sees Serang only', async () => {
    expectScope(await dash(pimpinanSerang), inSerang);
  });

  it('checklist 7: an operator with two organisations sees those two only', async () => {
    const d = await dash(operatorTwo);
    expectScope(d, inOperator);
    expect(d.totals.responses).toBe(2);
  });
});

describe('scope of the streamed export', () => {
  it('checklist 7: the union evaluator exports exactly the union, filters narrow it', async () => {
    expect(await exportedIds(union)).toEqual(idsOf(inUnion));
    expect(await exportedIds(union, '?status=verified')).toEqual(idsOf((e) => inUnion(e) && e.expectBucket === 'verified'));
  });

  it('checklist 7: a pimpinan limited to Serang exports Serang only', async () => {
    expect(await exportedIds(pimpinanSerang)).toEqual(idsOf(inSerang));
  });
});

describe('item points of the streamed export', () => {
  it('a response of another form version gets its items with paths, so its points land in the right columns', async () => {
    const before = await exportedRows();
    await ResponseModel.collection.updateOne({ _id: new mongoose.Types.ObjectId(seeded.responseIds.A1) }, { $set: { formVersion: '0.0.1-lama' } });
    try {
      const after = await exportedRows();
      expect(after).toEqual(before);
      const [header, ...rows] = after;
      const akta = header.findIndex((h) => h.startsWith('Poin: Akta pendirian'));
      const a1 = rows.find((r) => r[0] === seeded.responseIds.A1)!;
      expect(a1[akta]).toMatch(/^\d+$/);
    } finally {
      await ResponseModel.collection.updateOne({ _id: new mongoose.Types.ObjectId(seeded.responseIds.A1) }, { $set: { formVersion: seeded.form.version } });
    }
  });
});

async function exportedRows(): Promise<string[][]> {
  const admin = (await signedIn(env.app, { username: `admin-items-${Math.random().toString(36).slice(2, 8)}`, role: 'admin' })).agent;
  const res = await admin.get(`/laporan/${seeded.cycleId}/ekspor.csv`);
  expect(res.status).toBe(200);
  return parse(res.text.slice(1)) as string[][];
}
