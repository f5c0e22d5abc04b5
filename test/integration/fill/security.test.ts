/**
 * Security checklist items for the fill and evidence routes: scoping (6, 7), field allow-lists
 * (8), role refusals (9), upload limits (25), type from content (26), file names (27).
 */
import mongoose from 'mongoose';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { EVIDENCE_LIMITS } from '../../../server/domain/files';
import { HTML_BYTES, PDF_BYTES, PNG_BYTES } from './fixtures';
import { evaluatorAgent, openScenario, operatorOf, pimpinanAgent, useFillEnv } from './setup';

const env = useFillEnv();

const gridFiles = () => mongoose.connection.db!.collection('evidence.files').countDocuments();
const gridChunks = () => mongoose.connection.db!.collection('evidence.chunks').countDocuments();

async function uploadAs(op: Awaited<ReturnType<typeof operatorOf>>, responseId: string, bytes: Buffer, filename: string, path = 'manajemen.tandaDaftar', contentType = 'application/pdf') {
  return op.post(`/tanggapan/${responseId}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
    .field('path', path).attach('file', bytes, { filename, contentType });
}

describe('fill security', () => {
  it("checklist 6: operator A cannot read, change, submit, upload to or delete B's response or files (404 + authz.denied)", async () => {
    const s = await openScenario();
    const opA = await operatorOf(env.app, s.orgA);
    const opB = await operatorOf(env.app, s.orgB);
    const upB = await uploadAs(opB, s.responseB, PDF_BYTES, 'b.pdf');
    expect(upB.status).toBe(201);
    const fileB = upB.body.files[0].id as string;
    const json = (r: ReturnType<typeof opA.get>) => r.set('Accept', 'application/json');

    for (const res of [
      await json(opA.get(`/tanggapan/${s.responseB}`)),
      await json(opA.get(`/tanggapan/${s.responseB}/bagian/profil`)),
      await json(opA.get(`/tanggapan/${s.responseB}/kirim`)),
      await opA.get(`/api/tanggapan/${s.responseB}`),
      await opA.put(`/api/tanggapan/${s.responseB}`).set('X-CSRF-Token', opA.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'diambil alih' } } }),
      await opA.post(`/api/tanggapan/${s.responseB}/kirim`).set('X-CSRF-Token', opA.csrf).send({ submissionId: 'abcdefgh-1234', rev: 0, answers: {} }),
      await opA.post(`/tanggapan/${s.responseB}/bagian/profil`).type('form').set('Accept', 'application/json').send({ _csrf: opA.csrf, rev: '0', 'profil.namaLembaga': 'x' }),
      await json(opA.get(`/bukti/${fileB}`)),
      await opA.post(`/bukti/${fileB}/hapus`).type('form').set('Accept', 'application/json').send({ _csrf: opA.csrf }),
      await uploadAs(opA, s.responseB, PDF_BYTES, 'a.pdf'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(404.1);
    }
    const denied = await AuditEntry.find({ action: 'authz.denied' }).lean();
    expect(denied.filter((d) => d.targetId === s.responseB).length).toBeGreaterThanOrEqual(8);
    expect(denied.filter((d) => d.targetType === 'evidence' && d.targetId === fileB)).toHaveLength(2);
    const b = (await ResponseModel.findById(s.responseB).lean())!;
    expect(b.answers).toEqual({});
    expect(b.state).toBe('draft');
    expect(b.evidence).toHaveLength(1);
    expect(await gridFiles()).toBe(1); // A's upload to B left nothing behind
    // a missing id is the same 404, without an audit entry
    const before = await AuditEntry.countDocuments({ action: 'authz.denied' });
    expect((await json(opA.get(`/tanggapan/${String(new mongoose.Types.ObjectId())}`))).status).toBe(404);
    expect((await json(opA.get('/tanggapan/bukan-id'))).status).toBe(404);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(before);
    // B's evaluator (all kab/kota) may download the file
    const evaluator = await evaluatorAgent(env.app, ['36.73']);
    expect((await evaluator.get(`/bukti/${fileB}`)).status).toBe(200);
    const otherEvaluator = await evaluatorAgent(env.app, ['36.02']);
    expect((await json(otherEvaluator.get(`/bukti/${fileB}`))).status).toBe(404);
  });

  it("checklist 7: the operator's task list shows none of another organisation's responses", async () => {
    const s = await openScenario();
    const opA = await operatorOf(env.app, s.orgA);
    const page = await opA.get('/tugas').expect(200);
    expect(page.text).toContain(s.responseA);
    expect(page.text).not.toContain(s.responseB);
    expect(page.text).not.toContain('LKSA Bina Insani');
    expect((page.text.match(/data-response-id=/g) ?? []).length).toBe(1);
  });

  it('checklist 8: score, state, organisationId, verifiedPoints in a body are ignored; stored values unchanged', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const hostile = { state: 'verified', organisationId: s.orgB, kabkotaCode: '36.73', selfScore: { total: 100 }, score: 100, verifiedPoints: 4, verifiedScore: { total: 100 }, rev: 0 };
    const put = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ ...hostile, answers: { profil: { namaLembaga: 'A' }, score: 100, state: 'verified' } });
    expect(put.status).toBe(200);
    const form = await op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form')
      .send({ _csrf: op.csrf, rev: '1', 'profil.namaLembaga': 'B', state: 'verified', organisationId: s.orgB, score: '100', verifiedPoints: '4', 'manajemen.kunjungan': '4' });
    expect(form.status).toBe(303);
    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.answers).toEqual({ profil: { namaLembaga: 'B' } });
    expect(doc).toMatchObject({ state: 'draft', kabkotaCode: '36.02', selfScore: null, verifiedScore: null });
    expect(String(doc.organisationId)).toBe(s.orgA);
    // evaluator-only answers can't be set by the operator, even through the JSON API
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 2, answers: { manajemen: { kunjungan: 4, rapat: 1 } } }).expect(200);
    // (merged by section, issue 18: the profile saved above stays)
    expect((await ResponseModel.findById(s.responseA).lean())!.answers).toEqual({ profil: { namaLembaga: 'B' }, manajemen: { rapat: 1 } });
  });

  it('checklist 4: __proto__ in posted answers pollutes nothing and is not stored', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const body = '{"rev":0,"answers":{"__proto__":{"isAdmin":true},"profil":{"namaLembaga":"A","__proto__":{"polluted":1}}}}';
    const res = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(JSON.stringify(doc.answers)).toBe('{"profil":{"namaLembaga":"A"}}');
    const form = await op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form')
      .send({ _csrf: op.csrf, rev: '1', 'profil.namaLembaga': 'B', '__proto__.isAdmin': 'true', 'profil.__proto__': 'x' });
    expect(form.status).toBe(303);
    expect(JSON.stringify((await ResponseModel.findById(s.responseA).lean())!.answers)).toBe('{"profil":{"namaLembaga":"B"}}');
  });

  it('checklist 18: hostile answers and comments render inert on the operator pages', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>{{constructor}}';
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 0, answers: { profil: { namaLembaga: hostile } } }).expect(200);
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { state: 'returned', review: [{ path: 'profil.namaLembaga', needsFix: true, comment: hostile }] } });
    for (const url of [`/tanggapan/${s.responseA}`, `/tanggapan/${s.responseA}/bagian/profil`, `/tanggapan/${s.responseA}/kirim`]) {
      const page = await op.get(url).expect(200);
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<script>alert');
      if (!url.endsWith('/kirim')) expect(page.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    }
  });

  it('checklist 15: saves and uploads without the CSRF token are refused (403.2), multipart included', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const noToken = await op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form').set('Accept', 'application/json').send({ rev: '0', 'profil.namaLembaga': 'X' });
    expect(noToken.body.code).toBe(403.2);
    const upload = await op.post(`/tanggapan/${s.responseA}/bukti?_csrf=salah`).set('Accept', 'application/json')
      .field('path', 'manajemen.tandaDaftar').attach('file', PDF_BYTES, { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(upload.body.code).toBe(403.2);
    const api = await op.put(`/api/tanggapan/${s.responseA}`).send({ rev: 0, answers: {} });
    expect(api.body.code).toBe(403.2);
    expect(await gridFiles()).toBe(0);
    expect((await ResponseModel.findById(s.responseA).lean())!.rev).toBe(0);
  });

  it('checklist 9: evaluators cannot edit answers and leadership cannot post (403)', async () => {
    const s = await openScenario();
    const evaluator = await evaluatorAgent(env.app);
    const pimpinan = await pimpinanAgent(env.app);
    for (const agent of [evaluator, pimpinan]) {
      const put = await agent.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', agent.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'X' } } });
      expect(put.status).toBe(403);
      expect(put.body.code).toBe(403.1);
      const post = await agent.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form').set('Accept', 'application/json').send({ _csrf: agent.csrf, rev: '0', 'profil.namaLembaga': 'X' });
      expect(post.status).toBe(403);
      const submit = await agent.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', agent.csrf).send({ submissionId: 'abcdefgh-1234', rev: 0, answers: {} });
      expect(submit.status).toBe(403);
    }
    expect((await ResponseModel.findById(s.responseA).lean())!.answers).toEqual({});
  });

  it('checklist 25: a file over the limit or too many files → 413, and no partial data stays', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(1024 * 1024 + 10, 0x20)]); // question limit: 1 MB
    const tooBig = await uploadAs(op, s.responseA, big, 'besar.pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe(413.1);
    const huge = Buffer.concat([PDF_BYTES, Buffer.alloc(EVIDENCE_LIMITS.maxFileBytes + 10, 0x20)]); // global cap
    const tooHuge = await op.post(`/tanggapan/${s.responseA}/bagian/manajemen?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
      .field('rev', '0').attach('manajemen.tandaDaftar.~file', huge, { filename: 'raksasa.pdf', contentType: 'application/pdf' });
    expect(tooHuge.status).toBe(413);
    expect(await gridFiles()).toBe(0);
    expect(await gridChunks()).toBe(0);
    // the question allows 2 files: a third is refused and nothing of the request is kept
    let req = op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json').field('path', 'manajemen.tandaDaftar');
    for (let i = 0; i < 3; i++) req = req.attach('file', PDF_BYTES, { filename: `f${i}.pdf`, contentType: 'application/pdf' });
    const tooMany = await req;
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe(413.2);
    expect(await gridFiles()).toBe(0);
    expect(await gridChunks()).toBe(0);
    let flood = op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json').field('path', 'manajemen.tandaDaftar');
    for (let i = 0; i < EVIDENCE_LIMITS.maxFilesPerRequest + 2; i++) flood = flood.attach('file', PNG_BYTES, { filename: `p${i}.png`, contentType: 'image/png' });
    expect((await flood).status).toBe(413);
    expect(await gridFiles()).toBe(0);
    expect((await ResponseModel.findById(s.responseA).lean())!.evidence).toEqual([]);
  });

  it('checklist 26: a ".pdf" that is HTML, SVG or a program → 415.1; a type the question does not accept → 415.1', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    for (const [bytes, name] of [[HTML_BYTES, 'laporan.pdf'], [svg, 'foto.png'], [exe, 'akta.pdf'], [jpeg, 'foto.jpg']] as const) {
      const res = await uploadAs(op, s.responseA, bytes, name);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe(415.1);
    }
    expect(await gridFiles()).toBe(0);
    expect(await gridChunks()).toBe(0);
  });

  it('checklist 27: "../../app.js" or CR/LF names are stored under a generated id and downloaded as a safely named attachment', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const res = await uploadAs(op, s.responseA, PDF_BYTES, '../../app.js');
    expect(res.status).toBe(201);
    const file = res.body.files[0];
    expect(file.name).toBe('app.js.pdf'); // saved as what it is, never as a script
    const stored = await mongoose.connection.db!.collection('evidence.files').findOne({});
    expect(stored!.filename).toBe(file.id); // the storage key is the generated id
    expect(stored!.metadata).toMatchObject({ responseId: s.responseA, organisationId: s.orgA, path: 'manajemen.tandaDaftar', contentType: 'application/pdf' });
    const down = await op.get(`/bukti/${file.id}`).expect(200);
    expect(down.headers['content-disposition']).toBe(`attachment; filename="app.js.pdf"; filename*=UTF-8''app.js.pdf`);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-type']).toBe('application/pdf');

    const crlf = await uploadAs(op, s.responseA, PNG_BYTES, 'foto\r\nSet-Cookie: a=b.png', 'manajemen.tandaDaftar', 'image/png');
    expect(crlf.status).toBe(201);
    const d2 = await op.get(`/bukti/${crlf.body.files[0].id}`).expect(200);
    expect(JSON.stringify(d2.headers['set-cookie'] ?? [])).not.toContain('a=b');
    expect(d2.headers['content-disposition']).toMatch(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''[^\s]*$/);
    expect(d2.headers['content-type']).toBe('image/png');
  });
});
