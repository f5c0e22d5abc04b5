/**
 * Checklist 16, the lockout against spellings of one name: the login lookup trims, folds case
 * and NFKC-normalises the user name, so the failed-login counter must be keyed on that same
 * spelling. Ten failures spread over "nama ", " nama", "\tnama", "NAMA" and the full-width form
 * lock the account for all of them (429), and the audit records one name.
 */
import { normaliseUsername } from '../../../server/domain/accounts/username';
import { TEST_PASSWORD, anonymousAgent, createUser } from '../../helpers/session';
import { useTestApp } from '../../helpers/env';
import { auditActions } from './fixtures';

const env = useTestApp({ clearEach: true });

const VARIANTS = ['nama.uji ', ' nama.uji', '\tnama.uji', 'NAMA.UJI', 'ｎａｍａ.ｕｊｉ', 'nama.uji\u00a0', '\u3000nama.uji\n'];

beforeEach(async () => {
  await createUser({ username: 'nama.uji', role: 'admin' });
});

async function attempt(username: string, password: string, ip = '203.0.113.9') {
  const agent = await anonymousAgent(env.app);
  return agent.post('/login').type('form').set('X-Forwarded-For', ip).send({ username, password, _csrf: agent.csrf });
}

describe('checklist 16: the lockout is keyed on the normalised user name', () => {
  it('every variant is the same name to the lookup and to the counter', () => {
    for (const v of VARIANTS) expect(normaliseUsername(v)).toBe('nama.uji');
  });

  it('ten failures spread over whitespace, case and full-width variants → 429 for every spelling, one name in the audit', async () => {
    for (let i = 0; i < 10; i += 1) {
      const res = await attempt(VARIANTS[i % VARIANTS.length], `salah-${i}`, `203.0.113.${i + 1}`);
      expect({ i, status: res.status }).toEqual({ i, status: 401 });
    }
    // the right password, under any spelling (and the exact one), is now refused
    for (const name of ['nama.uji', ...VARIANTS]) {
      const blocked = await attempt(name, TEST_PASSWORD, '198.51.100.7');
      expect({ name, status: blocked.status }).toEqual({ name, status: 429 });
    }
    const failures = await auditActions('login.failure');
    expect(failures).toHaveLength(10);
    expect(new Set(failures.map((f) => f.actorName))).toEqual(new Set(['nama.uji']));
    const throttled = await auditActions('login.throttled');
    expect(throttled).toHaveLength(VARIANTS.length + 1);
    expect(new Set(throttled.map((f) => f.actorName))).toEqual(new Set(['nama.uji']));
  });

  it('a padded name with the right password signs in, and a success clears the one counter', async () => {
    for (let i = 0; i < 9; i += 1) expect((await attempt(VARIANTS[i % VARIANTS.length], `salah-${i}`)).status).toBe(401);
    const ok = await attempt(' Nama.Uji\t', TEST_PASSWORD);
    expect(ok.status).toBe(303);
    // the counter was cleared for the name itself: nine more failures are still not a lockout
    for (let i = 0; i < 9; i += 1) expect((await attempt(VARIANTS[(i + 3) % VARIANTS.length], `lagi-${i}`)).status).toBe(401);
    expect((await attempt('nama.uji', TEST_PASSWORD)).status).toBe(303);
  });

  it('a name that is only white space is a missing field, never a lookup', async () => {
    const res = await attempt(' \t ', TEST_PASSWORD);
    expect(res.status).toBe(400);
    expect(await auditActions('login.failure')).toHaveLength(0);
  });
});
