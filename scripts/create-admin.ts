/**
 * Creates an administrator account from the command line (also the way back in when every admin
 * is locked out):
 *   npm run admin:create -- --username budi --name "Budi Santoso"
 *     → prints a generated one-time password once; it must be changed at the first login
 *   echo "kalimat sandi panjang" | npm run admin:create -- --username budi --name "Budi" --password-stdin
 *     → uses the password read from standard input (checked against the password rules)
 * Uses the same database as the server (MONGODB_URI, or the embedded database in DATA_DIR; stop
 * the server first when it uses the embedded database, which allows one process at a time).
 */
import mongoose from 'mongoose';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { passwordProblems } from '../server/domain/accounts/password';
import { Problem } from '../server/domain/problems';
import { createLogger } from '../server/http/logging';
import { AuditEntry } from '../server/model/audit';
import { prepareModels } from '../server/model/settings';
import { createAccount } from '../server/model/query/users';
import { oneTimeNotice } from '../server/bootstrap/first-admin';

interface Args { username?: string; name?: string; passwordStdin: boolean; help: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { passwordStdin: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--username') args.username = argv[++i];
    else if (a === '--name') args.name = argv[++i];
    else if (a === '--password-stdin') args.passwordStdin = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`Argumen tidak dikenal: ${a}`);
  }
  return args;
}

const USAGE = 'Pemakaian: npm run admin:create -- --username <nama-pengguna> --name "<Nama Lengkap>" [--password-stdin]\n';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function waitForConnection(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (mongoose.connection.readyState !== 1) {
    if (Date.now() > until) throw new Error('Basis data tidak dapat dihubungi.');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) { process.stdout.write(USAGE); return 0; }
  const username = (args.username ?? '').trim().toLowerCase();
  const name = (args.name ?? '').trim();
  if (!/^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/.test(username) || name === '' || name.length > 120) {
    process.stderr.write(`Nama pengguna (3-64 huruf kecil/angka/._-) dan nama lengkap wajib diisi.\n${USAGE}`);
    return 2;
  }
  const chosen = args.passwordStdin ? await readStdin() : undefined;
  if (chosen !== undefined) {
    const problems = passwordProblems(chosen, username);
    if (problems.length > 0) { process.stderr.write(`${problems.join('\n')}\n`); return 2; }
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn');
  const db = await openDatabase(config, logger);
  try {
    await waitForConnection(15000);
    await prepareModels(); // indexes (unique username) on this connection
    const { id, password } = await createAccount({ username, name, role: 'admin', password: chosen, mustChangePassword: chosen === undefined });
    await AuditEntry.create({ action: 'user.create', actorName: 'cli', targetType: 'user', targetId: id, details: { username, role: 'admin', via: 'admin:create' } });
    if (chosen === undefined) {
      process.stdout.write(oneTimeNotice([
        `Akun admin "${username}" telah dibuat.`,
        `Kata sandi sekali pakai: ${password}`,
        'Kata sandi ini hanya ditampilkan sekali dan wajib diganti saat masuk pertama.',
      ]));
    } else {
      process.stdout.write(`Akun admin "${username}" telah dibuat dengan kata sandi dari stdin.\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof Problem && err.code === 409.6) {
      process.stderr.write(`Nama pengguna "${username}" sudah dipakai.\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (err: Error) => {
  process.stderr.write(`Gagal membuat admin: ${err.message}\n`);
  process.exit(1);
});
