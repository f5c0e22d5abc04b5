/**
 * Issue 5 in the user form: an evaluator may be assigned listed organisations in addition to, or
 * instead of, kabupaten/kota. The form lists active organisations grouped by kabupaten/kota,
 * requires at least one kabupaten/kota or organisation, rejects unknown ids, stores the list and
 * shows it in the scope column. Operators and pimpinan keep their rules.
 */
import mongoose from 'mongoose';
import { User } from '../../../server/model/user';
import { type Agent, signedIn } from '../../helpers/session';
import { auditActions, insertOrg } from './fixtures';
import { useTestApp } from '../../helpers/env';

const env = useTestApp({ clearEach: true });

let admin: Agent;

beforeEach(async () => {
  ({ agent: admin } = await signedIn(env.app, { username: 'admin1', role: 'admin' }));
});

const create = (body: Record<string, unknown>) => admin.post('/admin/pengguna').type('form').send({ _csrf: admin.csrf, ...body });

describe('evaluator organisations in the user form', () => {
  it('the new-user form lists active organisations grouped by kabupaten/kota, sorted by name', async () => {
    await insertOrg('LKS Zaitun', '36.04', '36.04.01');
    await insertOrg('LKS Anggrek', '36.04', '36.04.01');
    await insertOrg('LKS Matriks', '36.02', '36.02.14');
    await insertOrg('LKS Tutup', '36.04', '36.04.01', { active: false });
    const page = await admin.get('/admin/pengguna/baru').expect(200);
    const select = /<select id="u-organisationIds" name="organisationIds" multiple[\s\S]*?<\/select>/.exec(page.text)![0];
    expect(select).toContain('<optgroup label="');
    expect(select.indexOf('LKS Matriks')).toBeLessThan(select.indexOf('LKS Anggrek')); // Lebak 36.02 before Kab. Serang 36.04
    expect(select.indexOf('LKS Anggrek')).toBeLessThan(select.indexOf('LKS Zaitun'));
    expect(select).not.toContain('LKS Tutup');
    expect(page.text).toContain('<label for="u-organisationIds">');
  });

  it('creates an evaluator with organisations only; the list page shows them as its scope; audited', async () => {
    const org = await insertOrg('LKS Anggrek', '36.04', '36.04.01');
    const res = await create({ role: 'evaluator', name: 'Evaluator Lembaga', username: 'eval.lembaga', organisationIds: org });
    expect(res.status).toBe(201);
    const user = await User.findOne({ username: 'eval.lembaga' }).lean();
    expect(user!.organisationIds.map(String)).toEqual([org]);
    expect(user!.kabkota).toEqual([]);
    const [entry] = await auditActions('user.create');
    expect(entry).toMatchObject({ details: { role: 'evaluator', organisationIds: [org] } });
    const list = await admin.get('/admin/pengguna?peran=evaluator').expect(200);
    expect(list.text).toContain('LKS Anggrek');
  });

  it('an evaluator with neither kabupaten/kota nor organisation, or an unknown organisation id, is 422 with field errors', async () => {
    const none = await create({ role: 'evaluator', name: 'E', username: 'eval.kosong' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('href="#u-kabkota"');
    const unknown = await create({ role: 'evaluator', name: 'E', username: 'eval.asing', organisationIds: [String(new mongoose.Types.ObjectId()), 'bukan-id'] });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('href="#u-organisationIds"');
    const json = await admin.post('/admin/pengguna').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .send({ role: 'evaluator', name: 'E', username: 'eval.json', organisationIds: { $ne: null } });
    expect(json.status).toBe(422);
    expect(json.body.code).toBe(422.1);
    expect(await User.countDocuments({ role: 'evaluator' })).toBe(0);
  });

  it('editing adds organisations to a kabupaten/kota evaluator; the edit form keeps them selected', async () => {
    const org = await insertOrg('LKS Anggrek', '36.04', '36.04.01');
    const { userId } = await signedIn(env.app, { username: 'eval.lebak', role: 'evaluator', kabkota: ['36.02'] });
    await admin.post(`/admin/pengguna/${userId}`).type('form')
      .send({ _csrf: admin.csrf, name: 'Evaluator Lebak', kabkota: '36.02', organisationIds: org }).expect(303);
    const user = await User.findById(userId).lean();
    expect(user).toMatchObject({ kabkota: ['36.02'] });
    expect(user!.organisationIds.map(String)).toEqual([org]);
    const page = await admin.get(`/admin/pengguna/${userId}`).expect(200);
    expect(page.text).toContain(`<option value="${org}" selected>LKS Anggrek</option>`);
  });

  it('operators and pimpinan keep their rules: a pimpinan cannot be given organisations instead of kabupaten/kota', async () => {
    const org = await insertOrg('LKS Anggrek', '36.04', '36.04.01');
    const pim = await create({ role: 'pimpinan', name: 'P', username: 'pim.lembaga', organisationIds: org });
    expect(pim.status).toBe(422);
    const op = await create({ role: 'operator', name: 'O', username: 'op.lembaga', organisationId: org, organisationIds: [String(new mongoose.Types.ObjectId())] });
    expect(op.status).toBe(201);
    const user = await User.findOne({ username: 'op.lembaga' }).lean();
    expect(user!.organisationIds.map(String)).toEqual([org]);
  });
});
