/**
 * Cycle exports (CSV and XLSX): labelled columns and figures against the seed, formula
 * neutralisation (checklist 29), scope (checklist 7), policy and audit (checklist 37), and batch
 * streaming (several cursor batches give the same rows as one).
 */
import { PassThrough } from 'node:stream';
import mongoose from 'mongoose';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { signedIn, type Agent } from '../../helpers/session';
import { questions } from '../../../server/domain/forms';
import { AuditEntry } from '../../../server/model/audit';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { findCycle } from '../../../server/model/query/reports';
import { exportRead, exportThreadJob } from '../../../server/model/query/reports-export';
import { exportRows, writeCycleXlsx } from '../../../server/resources/reports-export';
import { ENTRIES, countedScore, seedReports, type Seeded } from './seed';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let admin: Agent;
let lebak: Agent;
let operatorA: Agent;

beforeAll(async () => {
  seeded = await seedReports();
  // Spreadsheet formula injection attempts in an organisation name and a free-text answer.
  await Organisation.updateOne({ _id: seeded.orgIds.B1 }, { $set: { 'identity.nama': '=HYPERLINK("http://jahat.example","klik")' } });
  await ResponseModel.updateOne({ _id: seeded.responseIds.B1 }, { $set: { 'answers.profil.namaPimpinan': '@SUM(1+1)*cmd|" /C calc"!A0' } });
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
  lebak = (await signedIn(env.app, { username: 'eval-lebak', role: 'evaluator', kabkota: ['36.02'] })).agent;
  operatorA = (await signedIn(env.app, { username: 'op-a1', role: 'operator', organisationIds: [seeded.orgIds.A1] })).agent;
}, 60000);

function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function csvRows(agent: Agent, query = ''): Promise<string[][]> {
  const res = await agent.get(`/laporan/${seeded.cycleId}/ekspor.csv${query}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toBe('attachment; filename="monev-lks-monev-tahunan-2026.csv"');
  expect(res.text.startsWith('\ufeff')).toBe(true);
  return parse(res.text.slice(1), { relax_column_count: false }) as string[][];
}

async function xlsxRows(agent: Agent): Promise<ExcelJS.CellValue[][]> {
  const res = await agent.get(`/laporan/${seeded.cycleId}/ekspor.xlsx`).buffer(true).parse(binary as unknown as Parameters<ReturnType<Agent['get']>['parse']>[0]);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => { rows.push((row.values as ExcelJS.CellValue[]).slice(1)); });
  return rows;
}

const col = (header: string[], name: string) => {
  const i = header.indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};

describe('CSV export', () => {
  it('one row per response with labelled question columns, points, section scores, grade, state and dates', async () => {
    const [header, ...rows] = await csvRows(admin);
    expect(rows.length).toBe(ENTRIES.length);
    const qs = questions(seeded.form).filter((q) => (q.kind === 'question' || q.kind === 'repeat') && !q.inRepeat);
    const scored = qs.filter((q) => q.kind === 'question' && q.scoreMax !== null);
    expect(header.length).toBe(16 + seeded.form.sections.filter((s) => s.scored).length + qs.length + scored.length);
    expect(header).toContain('Profil Lembaga – Nama lembaga');
    const id = col(header, 'ID tanggapan');
    const total = col(header, 'Skor akhir');
    const grade = col(header, 'Predikat akhir');
    const basis = col(header, 'Dasar skor akhir');
    const status = col(header, 'Status');
    const bucket = col(header, 'Tahap');
    const manajemen = col(header, 'Skor aspek: A. Manajemen dan Organisasi');
    const akta = header.findIndex((h) => h.startsWith('Poin: Akta pendirian'));
    for (const e of ENTRIES) {
      const row = rows.find((r) => r[id] === seeded.responseIds[e.key])!;
      const counted = countedScore(seeded, e);
      expect(row[total]).toBe(counted ? String(counted.total) : '');
      expect(row[grade]).toBe(counted?.grade ?? '');
      expect(row[basis]).toBe(e.expectBasis === 'verified' ? 'Terverifikasi' : e.expectBasis === 'self' ? 'Penilaian mandiri' : '');
      expect(row[manajemen]).toBe(counted ? String(counted.sections.manajemen.score) : '');
      const aktaItem = counted?.items.find((i) => i.path === 'manajemen.aktaPendirian');
      expect(row[akta]).toBe(aktaItem ? String(aktaItem.points) : '');
      expect(row[bucket]).toBe({ not_started: 'Belum mulai', draft: 'Draf', submitted: 'Terkirim', in_review: 'Diperiksa', returned: 'Dikembalikan', verified: 'Terverifikasi' }[e.expectBucket]);
      expect(row[status].length).toBeGreaterThan(0);
    }
  });

  it('choice answers are written as their option titles', async () => {
    const [header, ...rows] = await csvRows(admin);
    const q = questions(seeded.form).find((x) => x.path === 'manajemen.tandaDaftar')!;
    const cell = rows.find((r) => r[0] === seeded.responseIds.A1)![col(header, `A. Manajemen dan Organisasi – ${q.title}`)];
    expect(cell).toBe(q.options!.find((o) => o.value === 'berlaku')!.title);
  });

  it('checklist 29: formula-like text is neutralised, numbers stay numbers', async () => {
    const [header, ...rows] = await csvRows(admin);
    const row = rows.find((r) => r[0] === seeded.responseIds.B1)!;
    expect(row[col(header, 'Nama lembaga')]).toBe('\'=HYPERLINK("http://jahat.example","klik")');
    expect(row.find((c) => c.includes('@SUM'))).toBe('\'@SUM(1+1)*cmd|" /C calc"!A0');
    expect(row[col(header, 'Skor akhir')]).toMatch(/^\d+(\.\d+)?$/);
  });

  it('checklist 7: an evaluator of Lebak exports only Lebak rows; filters narrow further', async () => {
    const [, ...rows] = await csvRows(lebak);
    expect(rows.map((r) => r[0]).sort()).toEqual(ENTRIES.filter((e) => e.kabkota === '36.02').map((e) => seeded.responseIds[e.key]).sort());
    const [, ...notStarted] = await csvRows(admin, '?status=not_started');
    expect(notStarted.map((r) => r[0]).sort()).toEqual(ENTRIES.filter((e) => e.expectBucket === 'not_started').map((e) => seeded.responseIds[e.key]).sort());
  });

  it('checklist 6/37: an operator may not export (403.1, audited); every export is audited', async () => {
    const refused = await operatorA.get(`/laporan/${seeded.cycleId}/ekspor.csv`).set('Accept', 'application/json');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(403.1);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', role: 'operator', 'details.path': `/laporan/${seeded.cycleId}/ekspor.csv` })).toBe(1);
    const before = await AuditEntry.countDocuments({ action: 'report.export' });
    await csvRows(lebak);
    const entries = await AuditEntry.find({ action: 'report.export' }).sort({ _id: -1 }).lean();
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ role: 'evaluator', targetType: 'cycle', targetId: seeded.cycleId, details: { format: 'csv' } });
  });
});

describe('XLSX export', () => {
  it('same rows as the CSV; numbers are numeric cells; formula-like text is a string cell without a visible prefix', async () => {
    const rows = await xlsxRows(admin);
    const [header, ...data] = rows as unknown[][];
    expect(data.length).toBe(ENTRIES.length);
    const total = (header as string[]).indexOf('Skor akhir');
    const nama = (header as string[]).indexOf('Nama lembaga');
    for (const e of ENTRIES) {
      const row = data.find((r) => r[0] === seeded.responseIds[e.key])!;
      const counted = countedScore(seeded, e);
      if (counted) expect(row[total]).toBe(counted.total);
      else expect(row[total] ?? null).toBeNull();
    }
    const b1 = data.find((r) => r[0] === seeded.responseIds.B1)!;
    expect(b1[nama]).toBe('=HYPERLINK("http://jahat.example","klik")');
    expect(b1.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
    expect(b1.find((c) => typeof c === 'string' && c.includes('@SUM'))).toBe('@SUM(1+1)*cmd|" /C calc"!A0');
  });

  it('streams in cursor batches: three batches of 5 give exactly the rows of one batch', async () => {
    const cycle = await findCycle(seeded.cycleId);
    const collect = async (batch: number) => {
      const out: unknown[][] = [];
      for await (const row of exportRows(cycle, seeded.form, {}, {}, batch)) out.push(row);
      return out;
    };
    const small = await collect(5);
    const large = await collect(500);
    expect(small.length).toBe(ENTRIES.length + 1);
    const byId = (rows: unknown[][]) => rows.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byId(small)).toEqual(byId(large));
  });

  it('an export thread gives exactly the rows of the in-thread export, and reports its errors', async () => {
    const cycle = await findCycle(seeded.cycleId);
    const collect = async (scope: Record<string, unknown>, threadFrom: number, batch = 4) => {
      const out: unknown[][] = [];
      for await (const row of exportRows(cycle, seeded.form, scope, {}, batch, threadFrom)) out.push(row);
      return out;
    };
    // The thread is used from `threadFrom` responses on, and only then.
    const read = await exportRead(cycle, seeded.form, {}, {});
    const order = { version: seeded.form.version, paths: [] };
    expect(await exportThreadJob(read, seeded.form, order, 4, 0)).toMatchObject({ dbName: expect.any(String), collections: { responses: 'responses' } });
    expect(await exportThreadJob(read, seeded.form, order, 4, ENTRIES.length)).not.toBeNull();
    expect(await exportThreadJob(read, seeded.form, order, 4, ENTRIES.length + 1)).toBeNull();
    expect(await exportThreadJob(read, seeded.form, order, 4, Number.POSITIVE_INFINITY)).toBeNull();
    const inThread = await collect({}, Number.MAX_SAFE_INTEGER);
    const threaded = await collect({}, 0, 3);
    expect(threaded[0]).toEqual(inThread[0]);
    const byId = (rows: unknown[][]) => rows.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byId(threaded)).toEqual(byId(inThread));
    expect(threaded.length).toBe(ENTRIES.length + 1);
    // Neither neutralises (checklist 29 is the writers': CSV prefixes, XLSX types the cell).
    const nama = (threaded[0] as string[]).indexOf('Nama lembaga');
    for (const rows of [threaded, inThread]) expect(rows.find((r) => r[0] === seeded.responseIds.B1)![nama]).toBe('=HYPERLINK("http://jahat.example","klik")');
    // Scope filters cross to the thread intact (ObjectIds, $in).
    const scoped = await collect({ organisationId: { $in: [seeded.orgIds.A1, seeded.orgIds.B1] } }, 0);
    expect(scoped.length).toBe(3);
    // A filter the database refuses (mongoose lets $expr through) ends the export with the
    // database's error from the thread, not a short file.
    await expect(collect({ $expr: { $noSuchOperator: 1 } }, 0)).rejects.toThrow(/noSuchOperator/);
  });

  it('a client that goes away mid-export stops the thread, which closes its cursor on the server', async () => {
    const cycle = await findCycle(seeded.cycleId);
    // 1,500 small responses in a cycle of their own: more than the thread may read ahead.
    const other = { ...cycle, _id: new mongoose.Types.ObjectId() };
    await ResponseModel.collection.insertMany(Array.from({ length: 1500 }, (_, i) => ({
      _id: new mongoose.Types.ObjectId(), cycleId: other._id, organisationId: new mongoose.Types.ObjectId(), kabkotaCode: '36.02',
      state: 'submitted', rev: 1, formVersion: seeded.form.version, answers: { profil: { kapasitas: i } },
    })));
    const openCursors = async () => ((await mongoose.connection.db!.admin().command({ serverStatus: 1 })) as { metrics: { cursor: { open: { total: number } } } }).metrics.cursor.open.total;
    try {
      const before = await openCursors();
      let taken = 0;
      for await (const row of exportRows(other, seeded.form, {}, {}, 100, 0)) {
        expect(row.length).toBeGreaterThan(10);
        if (++taken === 300) break;
      }
      expect(taken).toBe(300);
      expect(await openCursors()).toBe(before);
    } finally {
      await ResponseModel.collection.deleteMany({ cycleId: other._id });
    }
  });

  it('records stored before countedPoints existed export the same points (their items are fetched)', async () => {
    const cycle = await findCycle(seeded.cycleId);
    let header: unknown[] = [];
    const rows = async () => {
      const out: unknown[][] = [];
      for await (const row of exportRows(cycle, seeded.form, {}, {}, 4)) out.push(row);
      header = out[0];
      return out.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    };
    const before = await rows();
    // the point columns are filled in the first place, so "the same" is not "all empty"
    const pointColumns = header.flatMap((h, i) => (String(h).startsWith('Poin:') ? [i] : []));
    expect(pointColumns.length).toBeGreaterThan(10);
    expect(pointColumns.some((i) => before.some((r) => typeof r[i] === 'number'))).toBe(true);
    const stored = await ResponseModel.collection.find({ cycleId: cycle._id, 'selfScore.countedPoints': { $type: 'array' } }, { projection: { selfScore: 1, verifiedScore: 1 } }).toArray();
    expect(stored.length).toBeGreaterThan(0);
    await ResponseModel.collection.updateMany({ cycleId: cycle._id }, { $unset: { 'selfScore.countedPoints': '', 'verifiedScore.countedPoints': '' } });
    try {
      const after = await rows();
      expect(after).toEqual(before);
    } finally {
      for (const doc of stored) {
        const set: Record<string, unknown> = {};
        for (const f of ['selfScore', 'verifiedScore'] as const) if (doc[f]?.countedPoints) set[`${f}.countedPoints`] = doc[f].countedPoints;
        await ResponseModel.collection.updateOne({ _id: doc._id }, { $set: set });
      }
    }
  });

  it('writeCycleXlsx (the benchmark entry point) writes a readable workbook for a scope filter', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const count = await writeCycleXlsx(seeded.cycleId, { kabkotaCode: { $in: ['36.71'] } }, out);
    expect(count).toBe(3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0].actualRowCount).toBe(4);
  });
});
