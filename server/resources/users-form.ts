/**
 * Reading and showing the account form: role, name, username, e-mail, the organisation of an
 * operator, the kabupaten/kota of an evaluator or pimpinan ('all' = the whole province). Only
 * strings from a fixed set of fields are read; every problem is tied to its field.
 */
import { KABKOTA, kabkotaByCode, kabkotaLabel } from '../data/regions';
import { ROLES, ROLE_LABELS, type Role, isRole } from '../domain/access/roles';
import { t } from '../i18n';

export interface UserForm {
  role?: Role;
  name: string;
  username: string;
  email: string;
  organisationId: string;
  kabkota: string[] | 'all';
  /** An evaluator's listed organisations (issue 5), on top of or instead of kabupaten/kota. */
  organisationIds: string[];
}

export interface FormIssue { field: string; message: string }

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

function text(body: Record<string, unknown>, name: string): string {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

function list(body: Record<string, unknown>, name: string): string[] {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The posted form, unvalidated but typed (objects and numbers are dropped). */
export function readUserForm(body: unknown): UserForm {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const role = text(source, 'role');
  const codes = list(source, 'kabkota');
  return {
    role: isRole(role) ? role : undefined,
    name: text(source, 'name').replace(/\s+/g, ' '),
    username: text(source, 'username').toLowerCase(),
    email: text(source, 'email').toLowerCase(),
    organisationId: text(source, 'organisationId'),
    kabkota: codes.includes('all') ? 'all' : [...new Set(codes)],
    organisationIds: [...new Set(list(source, 'organisationIds'))].slice(0, 2000),
  };
}

/** Problems with the form; `needsUsername` false when editing (the username never changes). */
export function userFormIssues(form: UserForm, options: { needsUsername: boolean; organisationExists: boolean; listedOrganisationsExist?: boolean }): FormIssue[] {
  const issues: FormIssue[] = [];
  if (!form.role) issues.push({ field: 'role', message: t('admin.user.error.role') });
  if (form.name === '' || form.name.length > 120) issues.push({ field: 'name', message: t('admin.user.error.name') });
  if (options.needsUsername && !USERNAME.test(form.username)) issues.push({ field: 'username', message: t('admin.user.error.username') });
  if (form.email !== '' && (form.email.length > 200 || !EMAIL.test(form.email))) issues.push({ field: 'email', message: t('admin.user.error.email') });
  if (form.role === 'operator' && !options.organisationExists) issues.push({ field: 'organisationId', message: t('admin.user.error.organisation') });
  if (form.role === 'evaluator' || form.role === 'pimpinan') {
    const unknown = form.kabkota !== 'all' && form.kabkota.some((c) => !KABKOTA.some((k) => k.kode === c));
    // An evaluator may instead be given listed organisations; a pimpinan always needs kab/kota.
    const listed = form.role === 'evaluator' ? form.organisationIds.length : 0;
    const empty = form.kabkota !== 'all' && form.kabkota.length === 0 && listed === 0;
    if (unknown || empty) issues.push({ field: 'kabkota', message: t(form.role === 'evaluator' ? 'admin.user.error.evaluatorScope' : 'admin.user.error.kabkota') });
  }
  if (form.role === 'evaluator' && form.organisationIds.length > 0 && options.listedOrganisationsExist !== true) {
    issues.push({ field: 'organisationIds', message: t('admin.user.error.organisations') });
  }
  return issues;
}

export function roleChoices(selected?: string) {
  return ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === selected }));
}

export function kabkotaChoices(selected: string[] | 'all') {
  return {
    all: selected === 'all',
    list: KABKOTA.map((k) => ({ value: k.kode, label: kabkotaLabel(k), selected: selected !== 'all' && selected.includes(k.kode) })),
  };
}

/** Active organisations for an evaluator's list, grouped by kabupaten/kota (region order) then name. */
export function organisationGroups(choices: readonly { id: string; nama: string; kabkotaCode: string }[], selected: readonly string[]) {
  const chosen = new Set(selected);
  return KABKOTA.map((k) => ({
    label: kabkotaLabel(k),
    options: choices.filter((o) => o.kabkotaCode === k.kode).sort((a, b) => a.nama.localeCompare(b.nama, 'id'))
      .map((o) => ({ id: o.id, nama: o.nama, selected: chosen.has(o.id) })),
  })).filter((g) => g.options.length > 0);
}

/** "Seluruh provinsi", or the kabupaten/kota names (plus an evaluator's listed organisations), for lists. */
export function scopeLabel(role: string, kabkota: unknown, organisationNames: string[]): string {
  if (role === 'admin') return t('admin.user.scope.all');
  if (role === 'operator') return organisationNames.length > 0 ? organisationNames.join(', ') : t('admin.user.scope.none');
  if (kabkota === 'all') return t('admin.user.scope.province');
  const names = (Array.isArray(kabkota) ? kabkota : []).map((c) => kabkotaByCode(String(c))).filter((k) => k !== undefined).map((k) => kabkotaLabel(k));
  if (role === 'evaluator') names.push(...organisationNames);
  return names.length > 0 ? names.join(', ') : t('admin.user.scope.none');
}

export function issueSummary(issues: readonly FormIssue[]): { href: string; message: string }[] {
  return issues.map((i) => ({ href: `#u-${i.field}`, message: i.message }));
}

export function errorsByField(issues: readonly FormIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] ??= i.message;
  return out;
}
