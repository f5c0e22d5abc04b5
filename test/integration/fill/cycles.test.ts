/**
 * Cycles: an admin creates a cycle (instrument + published version, dates, targets), opens it,
 * and exactly the targeted active organisations get one draft response each, pinned to the
 * version, with the kabupaten/kota copied from the register. The profile section can be carried
 * over from the previous year's cycle.
 */
import { AuditEntry } from '../../../server/model/audit';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { createOrganisation, publishTestInstrument } from './fixtures';
import { adminAgent, operatorOf, useFillEnv } from './setup';

const env = useFillEnv();

async function createAndOpen(admin: Awaited<ReturnType<typeof adminAgent>>, fields: Record<string, unknown>): Promise<string> {
  const created = await admin.post('/admin/siklus').type('form').send({ _csrf: admin.csrf, instrument: 'uji-lks', opensAt: '2026-06-01', closesAt: '2099-08-31', _action: 'create', ...fields });
  expect(created.status).toBe(303);
  const id = /\/admin\/siklus\/([0-9a-f]{24})$/.exec(created.headers.location)![1];
  const opened = await admin.post(`/admin/siklus/${id}/buka`).type('form').send({ _csrf: admin.csrf, _action: 'open' });
  expect(opened.status).toBe(303);
  return id;
}

describe('cycles', () => {
  it('opening creates one draft response per targeted active organisation of the subject type, and nothing else', async () => {
    await publishTestInstrument();
    const lebak = await createOrganisation('LKSA Lebak', '36.02');
    const lebakLansia = await createOrganisation('Panti Werdha Lebak', '36.02', { jenisPelayanan: 'lanjut_usia' });
    const serang = await createOrganisation('LKSA Serang', '36.73');
    await createOrganisation('LKS Tutup', '36.02', { active: false });
    await createOrganisation('Karang Taruna Lebak', '36.02', { jenis: 'karang_taruna' });
    const admin = await adminAgent(env.app);

    const page = await admin.get('/admin/siklus/baru').expect(200);
    expect(page.text).toContain('<select id="instrument" name="instrument"');
    expect(page.text).toContain('value="uji-lks"');
    const invalid = await admin.post('/admin/siklus').type('form').send({ _csrf: admin.csrf, name: '', instrument: 'tidak-ada', opensAt: '2026-02-30', closesAt: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('Nama siklus wajib diisi');
    expect(await Cycle.countDocuments({})).toBe(0);

    const created = await admin.post('/admin/siklus').type('form')
      .send({ _csrf: admin.csrf, name: 'Monev LKS Lebak 2026', instrument: 'uji-lks', opensAt: '2026-06-01', closesAt: '2099-08-31', kabkota: '36.02', jenisPelayanan: 'lksa_anak', _action: 'create' });
    expect(created.status).toBe(303);
    const id = /\/admin\/siklus\/([0-9a-f]{24})$/.exec(created.headers.location)![1];
    const detail = await admin.get(`/admin/siklus/${id}`).expect(200);
    expect(detail.text).toContain('data-cycle-state="draft"');
    expect(await ResponseModel.countDocuments({})).toBe(0);
    await admin.post(`/admin/siklus/${id}/buka`).type('form').send({ _csrf: admin.csrf, _action: 'open' }).expect(303);
    const responses = await ResponseModel.find({ cycleId: id }).lean();
    expect(responses.map((r) => String(r.organisationId))).toEqual([lebak]);
    expect(responses[0]).toMatchObject({ state: 'draft', formId: 'uji-lks', formVersion: '2026.1', kabkotaCode: '36.02', rev: 0 });
    const cycle = await Cycle.findById(id).lean();
    expect(cycle).toMatchObject({ status: 'open', year: 2026, responseCount: 1 });
    expect(cycle!.opensAt.toISOString()).toBe('2026-05-31T17:00:00.000Z'); // 00:00 WIB
    expect(await AuditEntry.countDocuments({ action: 'cycle.open', targetId: id })).toBe(1);
    expect((await admin.get(`/admin/siklus/${id}`)).text).toContain('data-cycle-state="open"');
    const twice = await admin.post(`/admin/siklus/${id}/buka`).type('form').set('Accept', 'application/json').send({ _csrf: admin.csrf });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe(409.1);
    expect(await ResponseModel.countDocuments({ cycleId: id })).toBe(1);

    // an explicit list wins over the filters; inactive or other-type organisations never get one
    const listed = await createAndOpen(admin, { name: 'Daftar khusus', organisasi: `${serang}\n${lebakLansia}` });
    expect((await ResponseModel.find({ cycleId: listed }).lean()).map((r) => String(r.organisationId)).sort()).toEqual([serang, lebakLansia].sort());
    const all = await createAndOpen(admin, { name: 'Semua LKS' });
    expect(await ResponseModel.countDocuments({ cycleId: all })).toBe(3);
  });

  it('a new year can pre-fill the profile section from the previous cycle (only values the new version accepts)', async () => {
    await publishTestInstrument();
    const org = await createOrganisation('LKSA Harapan', '36.02');
    const admin = await adminAgent(env.app);
    const y2025 = await createAndOpen(admin, { name: 'Monev 2025' });
    await ResponseModel.updateOne({ cycleId: y2025 }, { $set: { answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40, usang: 'kunci lama' }, manajemen: { rapat: 3 } } } });
    const y2026 = await createAndOpen(admin, { name: 'Monev 2026', previousCycle: y2025, prefillProfile: '1' });
    const fresh = await ResponseModel.findOne({ cycleId: y2026 }).lean();
    expect(fresh!.answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 } });
    expect(String(fresh!.prefilledFrom)).toBe(String((await ResponseModel.findOne({ cycleId: y2025 }).lean())!._id));
    const op = await operatorOf(env.app, org);
    const page = await op.get(`/tanggapan/${String(fresh!._id)}/bagian/profil`).expect(200);
    expect(page.text).toContain('value="LKSA Harapan"');
    const noPrefill = await createAndOpen(admin, { name: 'Monev 2026 b', previousCycle: y2025 });
    expect((await ResponseModel.findOne({ cycleId: noPrefill }).lean())!.answers).toEqual({});
  });

  it('cycle pages are for admins (operators get 403)', async () => {
    await publishTestInstrument();
    const org = await createOrganisation('LKSA Harapan', '36.02');
    const op = await operatorOf(env.app, org);
    const res = await op.post('/admin/siklus').type('form').set('Accept', 'application/json').send({ _csrf: op.csrf, name: 'X', instrument: 'uji-lks', opensAt: '2026-06-01', closesAt: '2026-08-31' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(403.1);
    expect(await Cycle.countDocuments({})).toBe(0);
  });
});
