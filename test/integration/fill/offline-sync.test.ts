/**
 * What the offline queue of the form pages relies on from the server (issue 15), and the parts of
 * issue 18 on the same pages:
 *  - a partial or empty JSON PUT never erases saved answers (merged by section, or 422.5);
 *  - a queued save sent again after a lost answer (same save id) is stored once;
 *  - changes sent from a device's queue keep the device's time in their audit entries, beside the
 *    server's time, for saves, files and the submission;
 *  - completeness counts required evidence; the service worker and its pages are served.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES } from './fixtures';
import { openScenario, operatorOf, useFillEnv } from './setup';

const env = useFillEnv();
const put = (op: Awaited<ReturnType<typeof operatorOf>>, id: string, body: unknown) => op.put(`/api/tanggapan/${id}`).set('X-CSRF-Token', op.csrf).send(body as object);
const answersOf = async (id: string) => (await ResponseModel.findById(id).lean())!;

describe('issue 18: a partial PUT never erases saved answers', () => {
  it('merges by section; a body without any section (only unknown keys, or empty) is refused with 422.5 and changes nothing', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await put(op, s.responseA, { rev: 0, answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { rapat: 3 } } }).expect(200);

    const unknownOnly = await put(op, s.responseA, { rev: 1, answers: { profiel: { namaLembaga: 'salah ketik' }, skor: 100 } });
    expect(unknownOnly.status).toBe(422);
    expect(unknownOnly.body).toMatchObject({ code: 422.5, details: { unknown: ['profiel', 'skor'], sections: ['profil', 'manajemen'] } });
    const empty = await put(op, s.responseA, { rev: 1, answers: {} });
    expect(empty.body.code).toBe(422.5);
    const notObject = await put(op, s.responseA, { rev: 1, answers: { profil: null } });
    expect(notObject.status).toBe(400);
    expect(notObject.body.details).toEqual({ field: 'answers.profil' });
    expect(await answersOf(s.responseA)).toMatchObject({ rev: 1, answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { rapat: 3 } } });

    // one section sent: it is replaced, the other stays; an unknown key beside it is dropped and reported
    const partial = await put(op, s.responseA, { rev: 1, answers: { manajemen: { rapat: 2 }, skor: 100 } });
    expect(partial.status).toBe(200);
    expect(partial.body.errors.length).toBeGreaterThan(0);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { rapat: 2 } });
  });
});

describe('replays from the offline queue', () => {
  it('a section save repeated with the same save id is stored once; another save on the old rev is still a conflict', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const save = (saveId: string, name: string) => op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': name, _action: 'save', _saveId: saveId, _clientAt: '2026-03-02T01:02:03.000Z' });
    const first = await save('simpan-0001', 'Offline');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rev: 1, replay: false, errors: [] });
    const again = await save('simpan-0001', 'Offline'); // the first answer was lost on the way back
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rev: 1, replay: true });
    const other = await save('simpan-0002', 'Tab lain');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe(409.3);
    expect(await answersOf(s.responseA)).toMatchObject({ rev: 1, answers: { profil: { namaLembaga: 'Offline' } } });
    expect(await AuditEntry.countDocuments({ action: 'response.answers_changed', targetId: s.responseA })).toBe(1);
    const bad = await op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '1', 'profil.namaLembaga': 'X', _clientAt: 'kemarin' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual({ field: 'clientAt' });
  });

  it('saves, files and the submission sent from the queue keep the time they were made on the device in their audit entries', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const at = (minute: number) => `2026-03-02T01:0${minute}:00.000Z`;
    await op.post(`/tanggapan/${s.responseA}/bagian/profil`).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'LKSA Harapan', 'profil.kapasitas': '40', _saveId: 'simpan-0003', _clientAt: at(1) }).expect(200);
    await op.post(`/tanggapan/${s.responseA}/bagian/manajemen`).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '1', 'manajemen.tandaDaftar': '3', 'manajemen.rapat': '2', _saveId: 'simpan-0004', _clientAt: at(2) }).expect(200);
    const file = await op.post(`/api/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
      .field('path', 'manajemen.tandaDaftar').field('clientAt', at(3)).attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' });
    expect(file.status).toBe(201);
    expect(file.body.rev).toBe(3);
    const submitted = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: randomUUID(), rev: 3, clientAt: at(4) });
    expect(submitted.status).toBe(200);
    const entries = await AuditEntry.find({ targetId: s.responseA, action: { $in: ['response.answers_changed', 'evidence.upload', 'response.submit'] } }).sort({ at: 1 }).lean();
    expect(entries.map((e) => [e.action, new Date((e.details as { clientAt: string }).clientAt).toISOString()])).toEqual([
      ['response.answers_changed', at(1)], ['response.answers_changed', at(2)], ['evidence.upload', at(3)], ['response.submit', at(4)],
    ]);
    for (const e of entries) expect(e.at.getTime()).toBeGreaterThan(Date.parse(at(4))); // the server's own time beside it
    const timeline = await op.get(`/tanggapan/${s.responseA}/riwayat`).expect(200);
    expect(timeline.text).toContain('Diubah di perangkat pukul');
  });
});

describe('issue 18: completeness counts required evidence', () => {
  it('a section with all its answers but a missing required file is not complete, and says how many files are missing', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await put(op, s.responseA, { rev: 0, answers: { profil: { namaLembaga: 'A', kapasitas: 1 }, manajemen: { tandaDaftar: 3, rapat: 2 } } }).expect(200);
    const before = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    const row = (html: string) => /A\. Manajemen<\/a>[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row(before.text)).toContain('2/2 jawaban, <strong>1 bukti belum diunggah</strong>');
    expect(row(before.text)).not.toContain('✓');
    expect(before.text).toMatch(/<progress id="progress-all" max="100" value="80">/); // 4 answers and 1 file required, 4 there
    const api = await op.get(`/api/tanggapan/${s.responseA}`).expect(200);
    expect(api.body.progress.sections.find((x: { key: string }) => x.key === 'manajemen')).toMatchObject({ answered: 2, required: 2, evidenceMissing: 1 });
    await op.post(`/api/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
      .field('path', 'manajemen.tandaDaftar').attach('file', PDF_BYTES, { filename: 'td.pdf', contentType: 'application/pdf' }).expect(201);
    const after = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(row(after.text)).toContain('✓');
    expect(row(after.text)).not.toContain('bukti belum diunggah');
  });
});

describe('offline pages and the service worker', () => {
  it('serves the worker (hashed assets, own origin only) and its pages; the session endpoint and the comparison need a signed-in operator', async () => {
    const s = await openScenario();
    const anon = request(env.app);
    const sw = await anon.get('/sw.js').expect(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.text).toMatch(/importScripts\("\/assets\/offline-store\.js\?v=[0-9a-f]{12}", "\/assets\/sw\.js\?v=[0-9a-f]{12}"\)/);
    await anon.get('/offline').expect(200);
    await anon.get('/api/offline/sesi').set('Accept', 'application/json').expect(401);
    const op = await operatorOf(env.app, s.orgA);
    const sesi = await op.get('/api/offline/sesi').expect(200);
    expect(sesi.body.csrf).toBe(op.csrf);
    expect(sesi.headers['cache-control']).toBe('no-store');
    const keluar = await op.get('/keluar?n=3').expect(200);
    expect(keluar.text).toContain('Masih ada 3 perubahan');
    expect(keluar.text).toContain('name="konfirmasi" value="1"');

    await put(op, s.responseA, { rev: 0, answers: { profil: { namaLembaga: 'Di server', kapasitas: 40 } } }).expect(200);
    const compare = await op.post(`/tanggapan/${s.responseA}/bagian/profil/banding`).type('form')
      .send({ _csrf: op.csrf, _entry: 'u|r|save|profil', 'profil.namaLembaga': 'Di perangkat', 'profil.kapasitas': '40' }).expect(200);
    const differing = /<tr class="compare-differs"[\s\S]*?<\/tr>/.exec(compare.text)![0];
    expect(differing).toContain('Nama lembaga');
    expect(differing).toContain('Di server');
    expect(differing).toContain('Di perangkat');
    expect(compare.text).toContain('data-entry="u|r|save|profil"');
    expect(compare.text).toContain('data-rev="1"');
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'Di server', kapasitas: 40 } }); // comparing saves nothing
  });
});
