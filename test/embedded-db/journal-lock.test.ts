// Journal data-directory lock: a second process is refused with a clear error, a stale lock
// left by a dead process is taken over, and a second open in the same process is refused too.
import { spawn, spawnSync, ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Journal } from '../../server/embedded-db/journal';
import { ownerState, procStat } from '../../server/embedded-db/journal/owner-state';
import { rec, recordingLogger, texts, tmpDir } from './journal-helpers';

const ROOT = path.resolve(__dirname, '../..');
const HOLDER = path.join(__dirname, 'fixtures/hold-journal.ts');

function startHolder(dir: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', HOLDER, dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, pid: Number(m[1]) });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.on('exit', () => r())));
}

describe('Journal directory lock', () => {
  test('a directory held by another live process is refused, naming the dir and the pid', async () => {
    const dir = tmpDir();
    const { child, pid } = await startHolder(dir);
    try {
      const attempt = Journal.open(dir, { logger: recordingLogger() });
      await expect(attempt).rejects.toThrow(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*locked by process ${pid}`));
    } finally {
      child.stdin!.end();
      await exited(child);
    }
    // The holder closed cleanly and released the lock: opening now works.
    const { journal } = await Journal.open(dir, { logger: recordingLogger() });
    await journal.close();
  });

  test('a lock left by a SIGKILLed process is taken over and the journal works', async () => {
    const dir = tmpDir();
    const { child, pid } = await startHolder(dir);
    child.kill('SIGKILL');
    await exited(child);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).pid).toBe(pid);
    const logger = recordingLogger();
    const { journal } = await Journal.open(dir, { logger });
    expect(logger.warnings.join('\n')).toMatch(new RegExp(`stale lock .* dead process ${pid}`));
    await journal.append(rec('after takeover'));
    await journal.close();
    const again = await Journal.open(dir, { logger: recordingLogger() });
    expect(texts(again.records)).toEqual(['after takeover']);
    await again.journal.close();
  });

  test('a lock held by a killed process that nobody has reaped (a zombie) is stale at once', async () => {
    const dir = tmpDir();
    // The holder's parent is `sleep`, which never waits for its children: killed, the holder stays
    // a zombie, as it does under Docker without an init process.
    const parent = spawn('sh', ['-c', `"${process.execPath}" -r ./scripts/register-ts.js "${HOLDER}" "${dir}" forever & exec sleep 60`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        let out = '';
        parent.stdout!.on('data', (d) => { out += d; const m = /ready (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
        parent.on('exit', (code) => reject(new Error(`parent exited with ${code}`)));
      });
      process.kill(pid, 'SIGKILL');
      await waitFor(() => procStat(pid)?.state === 'Z');
      const start = procStat(pid)!.start;
      // The leader is a zombie; its other threads may take a moment more to finish exiting (the
      // lock waits for them: 'dying'), and then it is dead while still in the process table.
      const logger = recordingLogger();
      const { journal } = await Journal.open(dir, { logger });
      expect(logger.warnings.join('\n')).toMatch(new RegExp(`stale lock .* dead process ${pid}`));
      expect(() => process.kill(pid, 0)).not.toThrow();
      expect(procStat(pid)?.state).toBe('Z');
      expect(ownerState({ pid, start })).toBe('dead');
      await journal.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  test('a live owner is alive, and a takeover mutex left by a dead process does not block', async () => {
    expect(ownerState({ pid: process.pid, start: procStat(process.pid)!.start })).toBe('alive');
    const dir = tmpDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: deadPid, start: null }));
    fs.writeFileSync(path.join(dir, 'LOCK.takeover'), JSON.stringify({ pid: deadPid, start: null }));
    const began = Date.now();
    const { journal } = await Journal.open(dir, { logger: recordingLogger() });
    expect(Date.now() - began).toBeLessThan(2000);
    await journal.close();
  });

  test('a stale lock written for a pid that no longer exists is taken over', async () => {
    const dir = tmpDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: deadPid, start: null }));
    const { journal } = await Journal.open(dir, { logger: recordingLogger() });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
    await journal.close();
    expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });

  test('a lock whose pid was recycled by another process (different start time) is stale', async () => {
    const dir = tmpDir();
    // Our own pid is alive, but with a start time it never had: the original owner is gone.
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: process.pid, start: '1' }));
    const { journal } = await Journal.open(dir, { logger: recordingLogger() });
    await journal.close();
  });

  test('opening the same directory twice in one process is refused', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: recordingLogger() });
    await expect(Journal.open(dir, { logger: recordingLogger() })).rejects.toThrow(`locked by process ${process.pid}`);
    await journal.close();
  });

  test('racing opens of a stale directory: exactly one wins', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: 999_999_999, start: null }));
    const results = await Promise.allSettled([0, 1, 2, 3].map(() => Journal.open(dir, { logger: recordingLogger() })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/locked by process/);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof Journal.open>>>).value.journal.close();
  });
});
