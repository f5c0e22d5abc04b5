/**
 * Draft rules: every section save is a draft; invalid values are reported but the valid ones are
 * stored; hidden conditional answers are pruned; repeat rows work without JavaScript; a stale
 * `rev` is refused (409.3) and nothing is overwritten; after the deadline the form is read-only
 * (409.2) until an admin extension.
 */
import { Cycle } from '../../../server/model/cycle';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { adminAgent, openScenario, operatorOf, revOf, submissionIdOf, useFillEnv } from './setup';

const env = useFillEnv();
const section = (id: string, key: string) => `/tanggapan/${id}/bagian/${key}`;
const DAY = 24 * 3600 * 1000;

async function answersOf(id: string) {
  return (await ResponseModel.findById(id).lean())!;
}

describe('draft saves', () => {
  it('keeps the valid answers when others are invalid, and shows the errors (422)', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const res = await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'LKSA Harapan', 'profil.kapasitas': '-5', _action: 'save' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('fm-summary');
    expect(res.text).toContain('Kapasitas');
    expect(res.text).toContain('value="-5"'); // the wrong value stays in the form to be corrected
    expect(revOf(res.text)).toBe(1);
    const doc = await answersOf(s.responseA);
    expect(doc.answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan' } });
    expect(doc.state).toBe('draft');
  });

  it('prunes answers of hidden conditional questions', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf)
      .send({ rev: 0, answers: { profil: { layananAnak: true }, manajemen: { modulAnak: { asesmen: 3 } } } }).expect(200);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { layananAnak: true }, manajemen: { modulAnak: { asesmen: 3 } } });
    // the condition no longer holds: the module's answers go away on the next save
    const res = await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: '1', 'profil.layananAnak': 'false', _action: 'save' });
    expect(res.status).toBe(303);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { layananAnak: false }, manajemen: {} });
  });

  it('adds and removes repeat rows with the no-JavaScript buttons (saved, Post/Redirect/Get)', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const page = await op.get(section(s.responseA, 'profil')).expect(200);
    const add = /name="_action" value="(add:[^"]+)"/.exec(page.text)?.[1];
    expect(add).toBe('add:profil.pengurus');
    const added = await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'LKSA Harapan', _action: add });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(section(s.responseA, 'profil'));
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', pengurus: [{}] } });
    const withRow = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(withRow.text).toContain('name="profil.pengurus.0.nama"');
    await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: '1', 'profil.namaLembaga': 'LKSA Harapan', 'profil.pengurus.~rows': '1', 'profil.pengurus.0.nama': 'Siti', _action: 'save' }).expect(303);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', pengurus: [{ nama: 'Siti' }] } });
    await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: '2', 'profil.namaLembaga': 'LKSA Harapan', 'profil.pengurus.~rows': '1', 'profil.pengurus.0.nama': 'Siti', _action: 'remove:profil.pengurus:0' }).expect(303);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', pengurus: [] } });
  });

  it('a stale rev (another tab saved first) is refused with 409.3 and nothing is overwritten', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await op.post(section(s.responseA, 'profil')).type('form').send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'Tab satu', _action: 'save' }).expect(303);
    const stale = await op.post(section(s.responseA, 'profil')).type('form').send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'Tab dua', _action: 'save' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Muat ulang');
    expect(stale.text).toContain('409.3');
    const json = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'API' } } });
    expect(json.status).toBe(409);
    expect(json.body.code).toBe(409.3);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'Tab satu' } });
  });
});

describe('deadline', () => {
  it('after the deadline the form is read-only and saves/submits answer 409.2; an extension re-enables them', async () => {
    const s = await openScenario({ opensAt: new Date(Date.now() - 10 * DAY), closesAt: new Date(Date.now() - DAY) });
    const op = await operatorOf(env.app, s.orgA);
    const page = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(page.text).toContain('fm-readonly');
    expect(page.text).not.toContain('name="profil.namaLembaga"');
    expect(page.text).toContain('Batas waktu pengisian telah lewat');
    const save = await op.post(section(s.responseA, 'profil')).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '0', 'profil.namaLembaga': 'Terlambat', _action: 'save' });
    expect(save.status).toBe(409);
    expect(save.body.code).toBe(409.2);
    const api = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: 'a1b2c3d4-0000-4000-8000-000000000001', rev: 0, answers: {} });
    expect(api.status).toBe(409);
    expect(api.body.code).toBe(409.2);
    expect((await answersOf(s.responseA)).answers).toEqual({});

    const admin = await adminAgent(env.app);
    const form = await admin.get(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).expect(200);
    expect(form.text).toContain('name="until"');
    const noReason = await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2099-01-31T17:00', reason: ' ' });
    expect(noReason.status).toBe(422);
    const past = await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2001-01-31T17:00', reason: 'Listrik padam' });
    expect(past.status).toBe(422);
    const ok = await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2099-01-31T17:00', reason: 'Listrik padam sepekan' });
    expect(ok.status).toBe(303);
    const doc = await answersOf(s.responseA);
    expect(doc.extensionUntil?.toISOString()).toBe('2099-01-31T10:00:00.000Z'); // 17:00 WIB
    const entry = await AuditEntry.findOne({ action: 'deadline.extend', targetId: s.responseA }).lean();
    expect(entry?.details).toMatchObject({ reason: 'Listrik padam sepekan' });

    const editable = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(editable.text).toContain('name="profil.namaLembaga"');
    await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: String(revOf(editable.text)), 'profil.namaLembaga': 'Tepat waktu', 'profil.kapasitas': '10', _action: 'save' }).expect(303);
    expect((await answersOf(s.responseA)).answers).toEqual({ profil: { namaLembaga: 'Tepat waktu', kapasitas: 10 } });
    // the other organisation keeps the closed window
    const opB = await operatorOf(env.app, s.orgB);
    const closed = await opB.post(section(s.responseB, 'profil')).type('form').set('Accept', 'application/json')
      .send({ _csrf: opB.csrf, rev: '0', 'profil.namaLembaga': 'X' });
    expect(closed.body.code).toBe(409.2);
    // the submit page offers no button before the cycle opens or after it closes
    await Cycle.updateOne({ _id: s.cycleId }, { $set: { opensAt: new Date(Date.now() + DAY), closesAt: new Date(Date.now() + 2 * DAY) } });
    const notOpen = await opB.get(`/tanggapan/${s.responseB}/kirim`).expect(200);
    expect(notOpen.text).not.toContain('name="submissionId"');
    expect(notOpen.text).toContain('belum dibuka');
    expect(() => submissionIdOf(notOpen.text)).toThrow();
  });
});
