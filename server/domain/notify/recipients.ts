/**
 * Who is told of an event: the users whose role receives its kind (KINDS_BY_ROLE) and whose scope
 * covers the response (operators: their organisation; evaluators: their kabupaten/kota or listed
 * organisations; the same rule as every scoped query), minus the disabled and those who muted
 * the kind. Each gets the in-app notice; an e-mail too when e-mail is on for the installation,
 * the user left it on and has an address.
 */
import { inScope } from '../access/scope';
import type { AccessUser } from '../access/roles';
import { KINDS_BY_ROLE, normalisePrefs, type NoticeEvent } from './events';

export interface Candidate extends AccessUser {
  readonly name: string;
  readonly email?: string | null;
  /** stored preferences (any shape; normalised here) */
  readonly prefs?: unknown;
}

export interface Recipient {
  readonly userId: string;
  readonly name: string;
  /** null: the inbox only */
  readonly email: string | null;
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function recipientsFor(event: NoticeEvent, candidates: readonly Candidate[], options: { mail: boolean }): Recipient[] {
  const row = { organisationId: event.about.organisationId, kabkotaCode: event.about.kabkotaCode };
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const c of candidates) {
    if (c.disabled || seen.has(c.id) || !KINDS_BY_ROLE[c.role]?.includes(event.kind) || !inScope(c, row)) continue;
    const prefs = normalisePrefs(c.prefs);
    if (prefs.muted.includes(event.kind)) continue;
    seen.add(c.id);
    const email = options.mail && prefs.email && typeof c.email === 'string' && ADDRESS.test(c.email) ? c.email : null;
    out.push({ userId: c.id, name: c.name, email });
  }
  return out;
}

/** The roles an event can reach (to load only those users). */
export function rolesFor(kind: NoticeEvent['kind']): string[] {
  return Object.entries(KINDS_BY_ROLE).filter(([, kinds]) => kinds.includes(kind)).map(([role]) => role);
}
