/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: nothing to download or build).
 * Stored as `scrypt$N$r$p$salt$hash` (base64) so parameters can be raised later; verification
 * reads the parameters from the stored value. Passwords are compared in full (no truncation).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384; // 2^14 × r 8 × 128 B = 16 MiB per hash
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const maxmem = (n: number, r: number) => 256 * n * r;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || password.length > MAX_PASSWORD_LENGTH) {
    // Same cost as a real check, so timing does not tell whether the account exists.
    await hashPassword(password.slice(0, MAX_PASSWORD_LENGTH));
    return false;
  }
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: maxmem(Number(n), Number(r)),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Problems with a new password, in Indonesian (empty when acceptable). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter.`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`Kata sandi maksimal ${MAX_PASSWORD_LENGTH} karakter.`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('Kata sandi tidak boleh memuat nama pengguna.');
  if (/^(.)\1*$/.test(password)) problems.push('Kata sandi terlalu mudah ditebak.');
  return problems;
}

/** A readable one-time password (no look-alike characters). */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
