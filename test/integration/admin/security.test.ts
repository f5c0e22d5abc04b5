/**
 * Session and input attacks against the login and the admin routes (SECURITY-CHECKLIST.md):
 * operator objects in logins (1-2), prototype pollution (4), session fixation (11), logout (12),
 * cookie flags (14), CSRF and foreign origins (15), per-account throttling behind rotating
 * X-Forwarded-For (16), scrypt hashes and exact long passwords (17).
 */
import request from 'supertest';
import { SessionModel } from '../../../server/model/session-store';
import { User } from '../../../server/model/user';
import { TEST_PASSWORD, anonymousAgent, createUser, loginAs, signedIn } from '../../helpers/session';
import { auditActions } from './fixtures';
import { clearDb } from '../../helpers/db';
import { useTestApp } from '../../helpers/env';

const env = useTestApp({ clearEach: true });

beforeEach(async () => {
  await createUser({ username: 'admin1', role: 'admin' });
});

/** The session cookie ("monev.sid=...") from a response, or undefined. */
function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('monev.sid='));
}
const cookiePair = (setCookie: string) => setCookie.split(';')[0];
/** The session id inside a signed cookie value "s:<id>.<signature>". */
const sessionId = (setCookie: string) => /^s:([^.]+)\./.exec(decodeURIComponent(cookiePair(setCookie).slice('monev.sid='.length)))?.[1];

describe('login input', () => {
  it('checklist 1: JSON operator objects as credentials → 400, nobody signed in', async () => {
    const agent = await anonymousAgent(env.app);
    const res = await agent.post('/login').set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf)
      .send({ username: { $ne: null }, password: { $ne: null } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(400.1);
    expect((await agent.get('/admin/lembaga').set('Accept', 'application/json')).status).toBe(401);
  });

  it('checklist 2: form-encoded username[$ne]=&password[$gt]= → 400', async () => {
    const agent = await anonymousAgent(env.app);
    const res = await agent.post('/login').type('form').send(`username[$ne]=&password[$gt]=&_csrf=${encodeURIComponent(agent.csrf)}`);
    expect(res.status).toBe(400);
    expect((await agent.get('/admin/lembaga').set('Accept', 'application/json')).status).toBe(401);
  });
});

describe('checklist 4: prototype pollution', () => {
  it('a __proto__ key in a JSON body or the query string changes nothing', async () => {
    const admin = await loginAs(env.app, 'admin1');
    const body = '{"__proto__":{"isAdmin":true,"role":"admin"},"role":"pimpinan","name":"Pimpinan","username":"pim1","kabkota":"all"}';
    const res = await admin.post('/admin/pengguna').set('Content-Type', 'application/json').set('Accept', 'application/json')
      .set('X-CSRF-Token', admin.csrf).send(body);
    expect(res.status).toBe(201);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    const stored = await User.findOne({ username: 'pim1' }).lean();
    expect(stored?.role).toBe('pimpinan');
    expect(stored).not.toHaveProperty('isAdmin');
    const list = await admin.get('/admin/lembaga?a[__proto__]=1&__proto__[polluted]=1&constructor[prototype][polluted]=1').set('Accept', 'application/json');
    expect(list.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('sessions', () => {
  it('checklist 11: the session id changes at login and the old id is rejected', async () => {
    const agent = request.agent(env.app);
    const page = await agent.get('/login');
    const before = sessionCookie(page)!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const login = await agent.post('/login').type('form').send({ username: 'admin1', password: TEST_PASSWORD, _csrf: csrf });
    expect(login.status).toBe(303);
    const after = sessionCookie(login)!;
    expect(sessionId(after)).toBeDefined();
    expect(sessionId(after)).not.toBe(sessionId(before));
    await request(env.app).get('/admin/lembaga').set('Cookie', cookiePair(after)).set('Accept', 'application/json').expect(200);
    const planted = await request(env.app).get('/admin/lembaga').set('Cookie', cookiePair(before)).set('Accept', 'application/json');
    expect(planted.status).toBe(401);
    expect(await SessionModel.countDocuments({ _id: sessionId(before) })).toBe(0);
  });

  it('checklist 12: after logout the old cookie is rejected and the server-side session is gone', async () => {
    const agent = request.agent(env.app);
    const page = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const login = await agent.post('/login').type('form').send({ username: 'admin1', password: TEST_PASSWORD, _csrf: csrf });
    const cookie = sessionCookie(login)!;
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/admin/lembaga').set('Accept', 'text/html')).text)![1];
    await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    expect(await SessionModel.countDocuments({ _id: sessionId(cookie) })).toBe(0);
    const replay = await request(env.app).get('/admin/lembaga').set('Cookie', cookiePair(cookie)).set('Accept', 'text/html');
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/login/);
  });

  it('checklist 14: the session cookie is HttpOnly, SameSite=Lax, path /, with a bounded lifetime', async () => {
    const agent = request.agent(env.app);
    const page = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const login = await agent.post('/login').type('form').send({ username: 'admin1', password: TEST_PASSWORD, _csrf: csrf });
    const cookie = sessionCookie(login)!;
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
    expect(expires).toBeDefined();
    const lifetime = new Date(expires!).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(60 * 60 * 1000 + 5000);
    expect(cookie).not.toMatch(/;\s*Secure/i); // plain HTTP in tests; Secure is set when served over HTTPS
  });
});

describe('checklist 15: CSRF and origin on admin changes', () => {
  it('refuses a POST without a token, with a wrong token, or from a foreign origin (403.2); nothing changes', async () => {
    const admin = await loginAs(env.app, 'admin1');
    const body = { role: 'admin', name: 'Penyusup', username: 'penyusup' };
    const none = await admin.post('/admin/pengguna').set('Accept', 'application/json').send(body);
    expect([none.status, none.body.code]).toEqual([403, 403.2]);
    const wrong = await admin.post('/admin/pengguna').set('Accept', 'application/json').set('X-CSRF-Token', 'x'.repeat(43)).send(body);
    expect([wrong.status, wrong.body.code]).toEqual([403, 403.2]);
    const origin = await admin.post('/admin/pengguna').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .set('Origin', 'https://evil.example').send(body);
    expect([origin.status, origin.body.code]).toEqual([403, 403.2]);
    const referer = await admin.post('/admin/pengguna').type('form').set('Accept', 'application/json')
      .set('Referer', 'https://evil.example/form').send({ ...body, _csrf: admin.csrf });
    expect([referer.status, referer.body.code]).toEqual([403, 403.2]);
    expect(await User.countDocuments({ username: 'penyusup' })).toBe(0);
  });
});

describe('checklist 16: login throttling', () => {
  it('ten failures for one account from rotating X-Forwarded-For addresses → 429, logged', async () => {
    const agent = await anonymousAgent(env.app);
    for (let i = 0; i < 10; i += 1) {
      const res = await agent.post('/login').type('form').set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({ username: 'admin1', password: `salah-${i}`, _csrf: agent.csrf });
      expect(res.status).toBe(401);
    }
    const blocked = await agent.post('/login').type('form').set('X-Forwarded-For', '198.51.100.77')
      .send({ username: 'admin1', password: TEST_PASSWORD, _csrf: agent.csrf });
    expect(blocked.status).toBe(429);
    expect(await auditActions('login.failure')).toHaveLength(10);
    const throttled = await auditActions('login.throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0].actorName).toBe('admin1');
    expect(env.app.get('trust proxy')).not.toBe(true);
  });
});

describe('checklist 17: password storage', () => {
  it('stores an scrypt hash and verifies a long password exactly', async () => {
    const long = `${'kalimat panjang yang mudah diingat '.repeat(28)}akhir`.slice(0, 1000);
    await createUser({ username: 'panjang', role: 'pimpinan', kabkota: 'all', password: long });
    const stored = await User.findOne({ username: 'panjang' }).lean();
    expect(stored!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const attempt = async (password: string) => {
      const agent = await anonymousAgent(env.app);
      return (await agent.post('/login').type('form').send({ username: 'panjang', password, _csrf: agent.csrf })).status;
    };
    expect(await attempt(long)).toBe(303);
    expect(await attempt(`${long.slice(0, -1)}X`)).toBe(401);
    expect(await attempt(long.slice(0, 72))).toBe(401); // no truncation (bcrypt's 72-byte trap)
  });

  it('has no default account: an empty database accepts no login', async () => {
    await clearDb();
    const agent = await anonymousAgent(env.app);
    for (const [username, password] of [['admin', 'admin'], ['admin', 'password'], ['administrator', 'admin123']]) {
      expect((await agent.post('/login').type('form').send({ username, password, _csrf: agent.csrf })).status).toBe(401);
    }
  });
});

describe('operator-shaped account fields', () => {
  it('checklist 8: a body cannot set role, passwordHash or sessionEpoch on an edit', async () => {
    const { userId } = await signedIn(env.app, { username: 'eval9', role: 'evaluator', kabkota: ['36.01'] });
    const admin = await loginAs(env.app, 'admin1');
    const res = await admin.post(`/admin/pengguna/${userId}`).set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .send({ name: 'Eval Sembilan', kabkota: ['36.01'], role: 'admin', passwordHash: 'scrypt$1$1$1$x$y', sessionEpoch: 99, disabled: true });
    expect(res.status).toBe(200);
    const user = await User.findById(userId).lean();
    expect(user).toMatchObject({ role: 'evaluator', sessionEpoch: 0, disabled: false, name: 'Eval Sembilan' });
    expect(user!.passwordHash).not.toBe('scrypt$1$1$1$x$y');
  });
});
