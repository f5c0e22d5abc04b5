/**
 * First start on an empty database: no administrator exists, so one is made — username `admin`,
 * a random one-time password printed once to the console, and a forced password change at the
 * first login. There is never a default password. Safe to call at every start and from several
 * instances at once: the unique username lets exactly one of them create the account.
 */
import type { Logger } from '../http/logging';
import { Problem } from '../domain/problems';
import { countAdmins, createAccount } from '../model/query/users';

export const FIRST_ADMIN_USERNAME = 'admin';

export interface FirstAdminResult { created: boolean; username?: string; password?: string }

/** The console notice with the one-time password (stdout, so it is seen even with quiet logs). */
export function oneTimeNotice(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '='.repeat(width);
  return `\n${bar}\n${lines.map((l) => `  ${l}`).join('\n')}\n${bar}\n\n`;
}

export async function ensureFirstAdmin(logger: Logger, print: (text: string) => void = (text) => process.stdout.write(text)): Promise<FirstAdminResult> {
  if ((await countAdmins()) > 0) return { created: false };
  let password: string;
  try {
    ({ password } = await createAccount({ username: FIRST_ADMIN_USERNAME, name: 'Administrator', role: 'admin', mustChangePassword: true }));
  } catch (err) {
    if (!(err instanceof Problem) || err.code !== 409.6) throw err;
    // Another instance made it a moment ago, or "admin" belongs to a non-admin account.
    if ((await countAdmins()) === 0) {
      logger.error({ username: FIRST_ADMIN_USERNAME }, 'Belum ada admin, tetapi nama pengguna "admin" sudah dipakai akun lain. Buat admin dengan: npm run admin:create -- --username <nama> --name "<Nama>"');
    }
    return { created: false };
  }
  logger.warn({ username: FIRST_ADMIN_USERNAME }, 'Akun admin pertama dibuat; kata sandi sekali pakai dicetak di konsol dan wajib diganti saat masuk pertama');
  print(oneTimeNotice([
    'Monev: akun admin pertama telah dibuat.',
    `Nama pengguna : ${FIRST_ADMIN_USERNAME}`,
    `Kata sandi    : ${password}`,
    'Kata sandi ini hanya ditampilkan sekali dan wajib diganti saat masuk pertama.',
  ]));
  return { created: true, username: FIRST_ADMIN_USERNAME, password };
}
