/**
 * The one spelling of a user name that the login uses for everything: the account lookup, the
 * failed-login counter and the audit entry. Stored names are lower case ASCII, trimmed (the user
 * schema's `trim` and `lowercase`), so "nama ", " nama", "\tnama", "NAMA" and the full-width
 * "ｎａｍａ" all reach the same account; normalising once, before both the lockout and the
 * lookup, makes them share one counter too (checklist 16).
 */
export const MAX_USERNAME_LENGTH = 64;

/** Unicode NFKC, surrounding white space removed, lower case (the schema's rule). */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
