/**
 * The four roles and the user shape the access rules need. Kept apart from the session and the
 * mongoose user model so the rules stay pure and testable.
 */
export const ROLES = ['admin', 'evaluator', 'operator', 'pimpinan'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = Object.freeze({
  admin: 'Administrator Dinas Sosial',
  evaluator: 'Evaluator',
  operator: 'Operator lembaga',
  pimpinan: 'Pimpinan',
});

/**
 * What the access rules know about a signed-in user.
 * - operator: `organisationIds` are the organisations the operator fills in for (usually one).
 * - evaluator / pimpinan: `kabkota` is 'all' for provincial staff, or the kabupaten/kota codes
 *   they cover. An evaluator may also (or instead) be assigned listed `organisationIds`; it then
 *   sees rows in those kabupaten/kota OR those organisations. Neither means no rows (secure by
 *   default: a half-made account sees nothing).
 * - admin: sees everything.
 * - disabled: a disabled user gets no permissions and no rows, whatever the role.
 */
export interface AccessUser {
  readonly id: string;
  readonly role: Role;
  readonly organisationIds?: readonly string[];
  readonly kabkota?: readonly string[] | 'all';
  readonly disabled?: boolean;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
