/**
 * First-admin bootstrap and the admin:create script: exactly one admin, once, with a random
 * one-time password that must be changed; nothing when an admin exists; no default password.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from 'pino';
import { ensureFirstAdmin } from '../../../server/bootstrap/first-admin';
import { verifyPassword } from '../../../server/domain/accounts/password';
import { User } from '../../../server/model/user';
import { clearDb, startTestDb, type TestDb } from '../../helpers/db';
import { tmpDataDir } from '../../helpers/server-process';
import { createUser } from '../../helpers/session';

let db: TestDb;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
beforeEach(async () => { await clearDb(); });

function recorder() {
  const warnings: unknown[][] = [];
  const errors: unknown[][] = [];
  const logger = { warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => errors.push(a), info: () => {} } as unknown as Logger;
  let printed = '';
  return { logger, warnings, errors, print: (t: string) => { printed += t; }, printed: () => printed };
}

describe('ensureFirstAdmin', () => {
  it('creates exactly one admin on an empty database, prints its one-time password once, and never again', async () => {
    const rec = recorder();
    const first = await ensureFirstAdmin(rec.logger, rec.print);
    expect(first.created).toBe(true);
    const admins = await User.find({ role: 'admin' }).lean();
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({ username: 'admin', mustChangePassword: true, disabled: false });
    expect(rec.printed()).toContain(first.password!);
    expect(first.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await verifyPassword(first.password!, admins[0].passwordHash)).toBe(true);
    expect(rec.warnings).toHaveLength(1);
    expect(JSON.stringify(rec.warnings)).not.toContain(first.password!); // the log gets no secret
    const again = recorder();
    expect((await ensureFirstAdmin(again.logger, again.print)).created).toBe(false);
    expect(again.printed()).toBe('');
    expect(await User.countDocuments({ role: 'admin' })).toBe(1);
  });

  it('makes one admin when several instances start at once', async () => {
    const recs = [recorder(), recorder(), recorder()];
    const results = await Promise.all(recs.map((r) => ensureFirstAdmin(r.logger, r.print)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await User.countDocuments({ role: 'admin' })).toBe(1);
  });

  it('does nothing when an admin already exists', async () => {
    await createUser({ username: 'kepala', role: 'admin' });
    const rec = recorder();
    expect((await ensureFirstAdmin(rec.logger, rec.print)).created).toBe(false);
    expect(await User.countDocuments()).toBe(1);
  });

  it('uses a different random password on every fresh database (no default credentials)', async () => {
    const a = await ensureFirstAdmin(recorder().logger, () => {});
    await clearDb();
    const b = await ensureFirstAdmin(recorder().logger, () => {});
    expect(a.password).not.toBe(b.password);
  });

  it('reports, and does not take over, a non-admin account named "admin"', async () => {
    await createUser({ username: 'admin', role: 'operator' });
    const rec = recorder();
    expect((await ensureFirstAdmin(rec.logger, rec.print)).created).toBe(false);
    expect(rec.errors).toHaveLength(1);
    expect((await User.findOne({ username: 'admin' }).lean())?.role).toBe('operator');
  });
});

describe('npm run admin:create', () => {
  const ROOT = path.resolve(__dirname, '..', '..', '..');
  function run(args: string[], dataDir: string, stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'scripts/create-admin.ts', ...args], {
      cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.stdin.end(stdin ?? '');
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  }

  it('creates an admin with a printed one-time password, refuses a taken username, accepts a password on stdin', async () => {
    const dir = tmpDataDir();
    const first = await run(['--username', 'budi', '--name', 'Budi Santoso'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Kata sandi sekali pakai: [A-Za-z0-9]{16}/);
    const taken = await run(['--username', 'budi', '--name', 'Budi Lagi'], dir);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('sudah dipakai');
    const weak = await run(['--username', 'sari', '--name', 'Sari', '--password-stdin'], dir, 'pendek\n');
    expect(weak.code).toBe(2);
    const chosen = await run(['--username', 'sari', '--name', 'Sari', '--password-stdin'], dir, 'kalimat sandi yang cukup panjang\n');
    expect(chosen.code).toBe(0);
    expect(chosen.out).not.toContain('kalimat sandi');
    expect((await run(['--name', 'Tanpa Nama Pengguna'], dir)).code).toBe(2);
  }, 90000);
});
