/**
 * Permission names and the role × permission policy table: the one place that says which role
 * may do which kind of thing. Which *rows* a user may touch is scope.ts; both apply.
 */
import { type AccessUser, type Role, ROLES, isRole } from './roles';

export const PERMISSIONS = [
  'register.view', // read organisation profiles (operators: their own, via scope)
  'register.manage', // create, edit, import, deactivate organisations
  'cycle.manage', // open/close evaluation cycles, set deadlines
  'instrument.publish', // upload and publish questionnaire versions
  'response.view', // read responses (scoped)
  'response.fill', // save drafts, submit, resubmit (operator of the organisation)
  'response.review', // start review, re-score, return for revision, verify
  'response.unlock', // reopen a verified response (with a reason)
  'deadline.extend', // give one response extra time after the deadline
  'report.view', // dashboards, rapor, summaries (scoped)
  'export.cycle', // CSV/XLSX export of a cycle (scoped)
  'user.manage', // create, disable users, assign roles and scopes
  'audit.view', // read the audit log
  'settings.manage', // letterhead emblem and other app settings
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The policy. Admin does not fill in questionnaires (operators own their answers; an admin may
 * extend the deadline or unlock instead). Pimpinan (leadership) only reads.
 */
export const POLICY: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: [
    'register.view', 'register.manage', 'cycle.manage', 'instrument.publish', 'response.view',
    'response.review', 'response.unlock', 'deadline.extend', 'report.view', 'export.cycle',
    'user.manage', 'audit.view', 'settings.manage',
  ],
  evaluator: ['register.view', 'response.view', 'response.review', 'report.view', 'export.cycle'],
  operator: ['register.view', 'response.view', 'response.fill', 'report.view'],
  pimpinan: ['register.view', 'response.view', 'report.view', 'export.cycle'],
});

const granted = new Map<Role, ReadonlySet<Permission>>(ROLES.map((r) => [r, new Set(POLICY[r])]));

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Role-level check, used by the state machine (which only knows the actor's role). */
export function roleCan(role: Role, permission: Permission): boolean {
  return isRole(role) && (granted.get(role)?.has(permission) ?? false);
}

/** User-level check: a missing or disabled user can do nothing. */
export function can(user: AccessUser | null | undefined, permission: Permission): boolean {
  if (!user || user.disabled) return false;
  return roleCan(user.role, permission);
}
