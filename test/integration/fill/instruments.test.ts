/**
 * Instrument library: upload with the full problem list (the same as forms:check), preview as an
 * operator with the live score (nothing stored), publish, and immutability of published versions
 * (checklist 38). Bundled instruments are available at start.
 */
import path from 'node:path';
import { checkDefinition } from '../../../server/domain/forms';
import { ensureBundledInstruments } from '../../../server/bootstrap/instruments';
import { AuditEntry } from '../../../server/model/audit';
import { Instrument } from '../../../server/model/instrument';
import { ResponseModel } from '../../../server/model/response';
import { testDefinition } from './fixtures';
import { adminAgent, openScenario, operatorOf, useFillEnv } from './setup';

const env = useFillEnv();
const BASE = '/admin/instrumen';

function upload(agent: Awaited<ReturnType<typeof adminAgent>>, def: unknown, name = 'instrumen.json') {
  return agent.post(`${BASE}?_csrf=${encodeURIComponent(agent.csrf)}`)
    .attach('definisi', Buffer.from(typeof def === 'string' ? def : JSON.stringify(def)), { filename: name, contentType: 'application/json' });
}

describe('instrument library', () => {
  it('lists the bundled instruments as published (ensureBundledInstruments is idempotent)', async () => {
    const first = await ensureBundledInstruments(path.join(__dirname, '..', '..', '..', 'forms'));
    expect(first.inserted).toContain('lks-monev-tahunan@2026.1');
    expect(first.failures).toEqual([]);
    const second = await ensureBundledInstruments(path.join(__dirname, '..', '..', '..', 'forms'));
    expect(second.inserted).toEqual([]);
    expect(second.unchanged).toContain('lks-monev-tahunan@2026.1');
    const admin = await adminAgent(env.app);
    const page = await admin.get(BASE).expect(200);
    expect(page.text).toContain('lks-monev-tahunan');
    expect(page.text).toContain('data-instrument-status="published"');
    expect(await Instrument.countDocuments({ bundled: true, status: 'published' })).toBeGreaterThanOrEqual(1);
  });

  it('checklist 21: a bad definition is refused with every problem forms:check reports; nothing is stored', async () => {
    const admin = await adminAgent(env.app);
    const bad = testDefinition();
    const profil = (bad.properties as Record<string, Record<string, unknown>>).profil;
    (profil.properties as Record<string, unknown>).npwp = { type: 'string', title: 'NPWP', pattern: '^(a+)+$' };
    (profil.properties as Record<string, unknown>).jarak = { type: 'number', title: 'Jarak', minimum: { $data: '1/kapasitas' } };
    (bad as Record<string, unknown>).$ref = 'https://contoh.invalid/skema.json';
    const expected = checkDefinition(JSON.stringify(bad)).problems;
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const res = await upload(admin, bad);
    expect(res.status).toBe(422);
    for (const p of expected) expect(res.text).toContain(p.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;').replace(/`/g, '&#x60;'));
    const rows = res.text.match(/<tr><td><code>/g) ?? [];
    expect(rows).toHaveLength(expected.length);
    expect(await Instrument.countDocuments({})).toBe(0);
    const tooBig = await upload(admin, `{"x":"${'a'.repeat(600 * 1024)}"}`);
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('terlalu besar');
    const notJson = await upload(admin, '{ bukan json');
    expect(notJson.status).toBe(422);
    expect(notJson.text).toContain('bukan JSON yang valid');
  });

  it('uploads a draft, previews it as operators see it with the live score (nothing stored), publishes it', async () => {
    const admin = await adminAgent(env.app);
    const res = await upload(admin, testDefinition());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/uji-lks/2026.1`);
    const detail = await admin.get(`${BASE}/uji-lks/2026.1`).expect(200);
    expect(detail.text).toContain('data-instrument-status="draft"');
    const preview = await admin.get(`${BASE}/uji-lks/2026.1/pratinjau`).expect(200);
    expect(preview.text).toContain('name="manajemen.tandaDaftar"');
    expect(preview.text).not.toContain('name="manajemen.kunjungan"'); // evaluator-only: not shown to operators
    const scored = await admin.post(`${BASE}/uji-lks/2026.1/pratinjau`).type('form')
      .send({ _csrf: admin.csrf, 'manajemen.tandaDaftar': '4', 'manajemen.rapat': '2', _action: 'save' });
    expect(scored.status).toBe(200);
    expect(scored.text).toMatch(/Nilai total[\s\S]*?<strong>75<\/strong>/);
    expect(scored.text).toMatch(/value="4"[^>]*checked|checked[^>]*value="4"/);
    const invalid = await admin.post(`${BASE}/uji-lks/2026.1/pratinjau`).type('form').send({ _csrf: admin.csrf, 'profil.kapasitas': '-1' });
    expect(invalid.status).toBe(422);
    expect(await ResponseModel.countDocuments({})).toBe(0);

    const pub = await admin.post(`${BASE}/uji-lks/2026.1/terbitkan`).type('form').send({ _csrf: admin.csrf });
    expect(pub.status).toBe(303);
    const doc = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();
    expect(doc).toMatchObject({ status: 'published', bundled: false });
    expect(await AuditEntry.countDocuments({ action: 'instrument.upload', targetId: 'uji-lks@2026.1' })).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'instrument.publish', targetId: 'uji-lks@2026.1' })).toBe(1);
  });

  it('a draft may be replaced before publishing (same version, new content)', async () => {
    const admin = await adminAgent(env.app);
    await upload(admin, testDefinition()).expect(303);
    await upload(admin, testDefinition('2026.1', ' (revisi)')).expect(303);
    const doc = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();
    expect(doc?.title).toBe('Instrumen Uji LKS (revisi)');
    const preview = await admin.get(`${BASE}/uji-lks/2026.1/pratinjau`).expect(200);
    expect(preview.text).toContain('(revisi)');
  });

  it('checklist 38: a published version cannot be changed, re-uploaded or published again (409.5); responses keep rendering with it', async () => {
    const s = await openScenario();
    const admin = await adminAgent(env.app);
    const before = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();
    const same = await upload(admin, testDefinition());
    expect(same.status).toBe(409);
    expect(same.text).toContain('409.5');
    expect(same.text).toContain('x-monev.version (dan $id), mis. 2026.2'); // what to write instead
    const changed = await admin.post(BASE).set('X-CSRF-Token', admin.csrf).set('Accept', 'application/json').send(testDefinition('2026.1', ' diubah'));
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe(409.5);
    const again = await admin.post(`${BASE}/uji-lks/2026.1/terbitkan`).set('Accept', 'application/json').type('form').send({ _csrf: admin.csrf });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(409.5);
    // even a direct update through the model cannot touch a published document
    const direct = await Instrument.updateOne({ formId: 'uji-lks', version: '2026.1' }, { $set: { definitionJson: '{}', status: 'draft' } });
    expect(direct.matchedCount).toBe(0);
    expect(await Instrument.deleteOne({ formId: 'uji-lks', version: '2026.1' })).toMatchObject({ deletedCount: 0 });
    const after = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();
    expect(after?.definitionJson).toBe(before?.definitionJson);
    // a new version is the way to change it
    const v2 = await admin.post(BASE).set('X-CSRF-Token', admin.csrf).send(testDefinition('2026.2', ' diubah'));
    expect(v2.status).toBe(201);
    const op = await operatorOf(env.app, s.orgA);
    const page = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen`).expect(200);
    expect(page.text).toContain('Tanda Daftar LKS masih berlaku');
  });

  it('is for admins only (checklist 9/10 for this area)', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    expect((await op.get(BASE).set('Accept', 'application/json')).body.code).toBe(403.1);
    const res = await op.post(BASE).set('X-CSRF-Token', op.csrf).send(testDefinition('2027.1'));
    expect(res.status).toBe(403);
    expect(await Instrument.countDocuments({ version: '2027.1' })).toBe(0);
  });
});
