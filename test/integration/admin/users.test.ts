/**
 * User management: create with a one-time password (shown once, scrypt-hashed, must change),
 * validation, duplicate usernames, password reset and disable ending sessions (checklist 13),
 * operator accounts from an organisation page, and the audit trail.
 */
import request from 'supertest';
import { SessionModel } from '../../../server/model/session-store';
import { User } from '../../../server/model/user';
import { type Agent, signedIn } from '../../helpers/session';
import { auditActions, insertOrg } from './fixtures';
import { useTestApp } from '../../helpers/env';

const env = useTestApp({ clearEach: true });

let admin: Agent;
let adminId: string;

beforeEach(async () => {
  ({ agent: admin, userId: adminId } = await signedIn(env.app, { username: 'admin1', role: 'admin' }));
});

const json = (agent: Agent) => ({
  post: (path: string, body: object = {}) => agent.post(path).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send(body),
});

async function passwordLogin(username: string, password: string) {
  const agent = request.agent(env.app);
  const page = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrf });
  return { agent, res };
}

describe('create', () => {
  it('creates an evaluator for two kabupaten/kota; the one-time password is shown once and must be changed', async () => {
    const res = await admin.post('/admin/pengguna').type('form')
      .send({ role: 'evaluator', name: 'Evaluator Lebak', username: 'Eval.Lebak', kabkota: ['36.02', '36.01'], _csrf: admin.csrf });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const password = /<code class="secret" id="sandi">([^<]+)<\/code>/.exec(res.text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const user = await User.findOne({ username: 'eval.lebak' }).lean();
    expect(user).toMatchObject({ role: 'evaluator', kabkota: ['36.02', '36.01'], mustChangePassword: true, organisationIds: [] });
    expect(user!.passwordHash).toMatch(/^scrypt\$/);
    expect(user!.passwordHash).not.toContain(password!);
    const login = await passwordLogin('eval.lebak', password!);
    expect(login.res.status).toBe(303);
    expect(login.res.headers.location).toBe('/akun/sandi');
    const [entry] = await auditActions('user.create');
    expect(entry).toMatchObject({ actorName: 'admin1', targetId: String(user!._id), details: { username: 'eval.lebak', role: 'evaluator', kabkota: ['36.02', '36.01'] } });
    expect(JSON.stringify(entry)).not.toContain(password!);
  });

  it('creates a provincial pimpinan ("all") and an operator of one organisation', async () => {
    const orgId = await insertOrg('LKS Satu', '36.02', '36.02.14');
    const p = await json(admin).post('/admin/pengguna', { role: 'pimpinan', name: 'Kepala Dinas', username: 'kadis', kabkota: 'all' });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ username: 'kadis', password: expect.any(String) });
    const o = await json(admin).post('/admin/pengguna', { role: 'operator', name: 'Operator Satu', username: 'op.satu', organisationId: orgId, kabkota: ['36.01'] });
    expect(o.status).toBe(201);
    expect(await User.findOne({ username: 'kadis' }).lean()).toMatchObject({ kabkota: 'all' });
    const op = await User.findOne({ username: 'op.satu' }).lean();
    expect(op!.organisationIds.map(String)).toEqual([orgId]);
    expect(op!.kabkota).toEqual([]);
  });

  it('refuses bad input with 422 and a summary; a taken username with 409', async () => {
    const bad = await admin.post('/admin/pengguna').type('form')
      .send({ role: 'operator', name: '', username: 'A', organisationId: '0123456789abcdef01234567', _csrf: admin.csrf });
    expect(bad.status).toBe(422);
    for (const field of ['name', 'username', 'organisationId']) expect(bad.text).toContain(`href="#u-${field}"`);
    const noScope = await json(admin).post('/admin/pengguna', { role: 'evaluator', name: 'X', username: 'evalx', kabkota: ['99.99'] });
    expect(noScope.status).toBe(422);
    expect(noScope.body.code).toBe(422.1);
    const noRole = await json(admin).post('/admin/pengguna', { role: 'superadmin', name: 'X', username: 'xx1' });
    expect(noRole.body.details.fields.map((f: { field: string }) => f.field)).toContain('role');
    const taken = await admin.post('/admin/pengguna').type('form').send({ role: 'admin', name: 'Dua', username: 'ADMIN1', _csrf: admin.csrf });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('sudah dipakai');
    expect(await User.countDocuments()).toBe(1);
  });

  it('makes an operator account from an organisation page, tied to that organisation only', async () => {
    const orgId = await insertOrg('LKS Dua', '36.01', '36.01.12');
    const other = await insertOrg('LKS Tiga', '36.01', '36.01.12');
    const res = await admin.post(`/admin/lembaga/${orgId}/operator`).type('form')
      .send({ username: 'op.dua', name: 'Operator Dua', organisationId: other, role: 'admin', _csrf: admin.csrf });
    expect(res.status).toBe(201);
    expect(res.text).toContain(`href="/admin/lembaga/${orgId}"`);
    const op = await User.findOne({ username: 'op.dua' }).lean();
    expect(op).toMatchObject({ role: 'operator', mustChangePassword: true });
    expect(op!.organisationIds.map(String)).toEqual([orgId]);
    const page = await admin.get(`/admin/lembaga/${orgId}`).set('Accept', 'text/html');
    expect(page.text).toContain('op.dua');
  });
});

describe('reset, disable, enable', () => {
  it('resets a password: new one-time password, old password and old sessions stop working', async () => {
    const { agent: user, userId } = await signedIn(env.app, { username: 'eval1', role: 'evaluator', kabkota: ['36.02'] });
    await user.get('/lembaga').set('Accept', 'application/json').expect(200);
    const res = await json(admin).post(`/admin/pengguna/${userId}/sandi`);
    expect(res.status).toBe(200);
    const password = res.body.password as string;
    expect(await SessionModel.countDocuments({ userId })).toBe(0);
    const after = await user.get('/lembaga').set('Accept', 'application/json');
    expect(after.status).toBe(401);
    expect((await passwordLogin('eval1', 'kata-sandi-uji-123')).res.status).toBe(401);
    const fresh = await passwordLogin('eval1', password);
    expect(fresh.res.headers.location).toBe('/akun/sandi');
    expect(await User.findById(userId).lean()).toMatchObject({ mustChangePassword: true, sessionEpoch: 1 });
    expect(await auditActions('user.reset_password')).toHaveLength(1);
  });

  it('checklist 13: disabling a user ends their session at the next request; enabling lets them in again', async () => {
    const { agent: user, userId } = await signedIn(env.app, { username: 'op9', role: 'pimpinan', kabkota: 'all' });
    await user.get('/lembaga').set('Accept', 'text/html').expect(200);
    await admin.post(`/admin/pengguna/${userId}/nonaktifkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    const next = await user.get('/lembaga').set('Accept', 'text/html');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);
    expect((await user.get('/lembaga').set('Accept', 'application/json')).status).toBe(401);
    expect((await passwordLogin('op9', 'kata-sandi-uji-123')).res.status).toBe(401);
    expect(await auditActions('user.disable')).toHaveLength(1);
    await admin.post(`/admin/pengguna/${userId}/aktifkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await passwordLogin('op9', 'kata-sandi-uji-123')).res.status).toBe(303);
    expect(await auditActions('user.enable')).toHaveLength(1);
  });

  it('checklist 13: a session restored from an old cookie after disable is refused even if the session row survived', async () => {
    const { agent: user, userId } = await signedIn(env.app, { username: 'eval2', role: 'evaluator', kabkota: ['36.01'] });
    // Simulate a session row the delete missed: disable directly, keep the session document.
    await User.updateOne({ _id: userId }, { $set: { disabled: true } });
    expect(await SessionModel.countDocuments({ userId })).toBe(1);
    expect((await user.get('/lembaga').set('Accept', 'application/json')).status).toBe(401);
    expect(await SessionModel.countDocuments({ userId })).toBe(0);
  });

  it('an admin cannot disable their own account', async () => {
    const res = await json(admin).post(`/admin/pengguna/${adminId}/nonaktifkan`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(409.1);
    expect((await User.findById(adminId).lean())?.disabled).toBe(false);
  });

  it('edits name and scope, audited', async () => {
    const { userId } = await signedIn(env.app, { username: 'eval3', role: 'evaluator', kabkota: ['36.01'] });
    const res = await admin.post(`/admin/pengguna/${userId}`).type('form')
      .send({ name: 'Evaluator Tiga', kabkota: ['36.03', '36.04'], role: 'admin', username: 'root', _csrf: admin.csrf });
    expect(res.status).toBe(303);
    expect(await User.findById(userId).lean()).toMatchObject({ name: 'Evaluator Tiga', kabkota: ['36.03', '36.04'], role: 'evaluator', username: 'eval3' });
    expect(await auditActions('user.update')).toHaveLength(1);
  });

  it('lists users with filters; the page never shows password hashes', async () => {
    await signedIn(env.app, { username: 'eval4', role: 'evaluator', kabkota: ['36.01'] });
    const list = await admin.get('/admin/pengguna?peran=evaluator').set('Accept', 'application/json').expect(200);
    expect(list.body.rows.map((r: { username: string }) => r.username)).toEqual(['eval4']);
    const html = await admin.get('/admin/pengguna').set('Accept', 'text/html').expect(200);
    // the page's own data never replaces the signed-in user shown in the header
    for (const path of ['/admin/pengguna/baru', `/admin/pengguna/${list.body.rows[0].id}`]) {
      expect((await admin.get(path).set('Accept', 'text/html')).text).toContain('Keluar (admin1)');
    }
    expect(html.text).toContain('eval4');
    expect(html.text).toContain('Kabupaten Pandeglang');
    expect(html.text).not.toContain('scrypt$');
  });
});
