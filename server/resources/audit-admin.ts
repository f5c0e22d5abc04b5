/**
 * The admin side of the audit log in the administrator's language: a label for every catalogued
 * action, one-line summaries of the details of account, register, instrument, cycle, report and
 * settings entries (the response entries are summarised in audit-views.ts), and the target named
 * by what it is ("Siklus Monev LKS 2026", "Tanggapan LKSA Harapan"), never by a type and id.
 * Codes in details become titles and labels: instrument ids their title and version, kab/kota
 * codes "Kabupaten …"/"Kota …", roles their names. Plain strings; templates escape them.
 */
import mongoose from 'mongoose';
import { regionLabel } from '../data/regions';
import { ROLE_LABELS, isRole } from '../domain/access/roles';
import { FIELDS } from '../domain/register/fields';
import { cycleLabel, formatDate, formatDateTime } from '../domain/reports';
import { hasMessage, t } from '../i18n';
import { Cycle } from '../model/cycle';
import { ResponseModel } from '../model/response';
import { User } from '../model/user';
import type { AuditRow } from '../model/query/audit';
import { organisationNames } from '../model/query/review';
import { instrumentLabeller, type InstrumentLabel } from './instrument-labels';

type Details = Record<string, unknown>;

/** Names of the records an audit page mentions, read once per page. */
export interface AuditNames {
  instrument: InstrumentLabel;
  cycles: ReadonlyMap<string, string>;
  organisations: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
  /** response id → its organisation's name */
  responses: ReadonlyMap<string, string>;
}

/** A label for every action: the audit area's, else the review area's; the code only if neither knows it. */
export function auditActionLabel(action: string): string {
  for (const key of [`audit.action.${action}`, `review.audit.action.${action}`]) if (hasMessage(key)) return t(key);
  return action;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const when = (v: unknown): string => (typeof v === 'string' || v instanceof Date ? formatDateTime(v) : '–');

function regions(codes: unknown): string {
  const all = list(codes);
  return all.length > 0 ? all.map(regionLabel).join(', ') : '–';
}

function organisations(ids: unknown, names: AuditNames): string {
  const all = list(ids);
  return all.length > 0 ? all.map((id) => names.organisations.get(id) ?? t('audit.unknownOrganisation')).join(', ') : '–';
}

function scope(d: Details, names: AuditNames): string {
  if (list(d.kabkota).length > 0) return regions(d.kabkota);
  if (list(d.organisationIds).length > 0) return organisations(d.organisationIds, names);
  return t('audit.scope.all');
}

/** [before, after] pairs of a user update, one line per changed value. */
function userChanges(d: Details, names: AuditNames): string[] {
  const out: string[] = [];
  const pair = (v: unknown): [unknown, unknown] => (Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : [null, null]);
  const [nameA, nameB] = pair(d.name);
  if (text(nameA) !== text(nameB)) out.push(t('audit.change', { field: t('audit.field.name'), from: text(nameA) || '–', to: text(nameB) || '–' }));
  const [kabA, kabB] = pair(d.kabkota);
  if (regions(kabA) !== regions(kabB)) out.push(t('audit.change', { field: t('audit.field.kabkota'), from: regions(kabA), to: regions(kabB) }));
  const [orgA, orgB] = pair(d.organisationIds);
  if (organisations(orgA, names) !== organisations(orgB, names)) out.push(t('audit.change', { field: t('audit.field.organisations'), from: organisations(orgA, names), to: organisations(orgB, names) }));
  return out;
}

function registerFields(changed: unknown): string {
  const keys = changed && typeof changed === 'object' ? Object.keys(changed) : [];
  return keys.map((k) => FIELDS.find((f) => f.key === k)?.header ?? k).join(', ');
}

/** One-line summaries of the admin-side actions; null for an action this module does not describe. */
export function adminSummary(row: Pick<AuditRow, 'action' | 'details'>, names: AuditNames): string[] | null {
  const d = (row.details && typeof row.details === 'object' ? row.details : {}) as Details;
  switch (row.action) {
    case 'login.success': case 'login.throttled': case 'logout': case 'account.password_changed':
      return [];
    case 'login.failure':
      return [t(`audit.loginFailure.${text(d.reason) === 'disabled' ? 'disabled' : text(d.reason) === 'unknown' ? 'unknown' : 'password'}`)];
    case 'user.create':
      return [t('audit.user.created', { username: text(d.username), role: isRole(d.role) ? ROLE_LABELS[d.role] : '–', scope: scope(d, names) })];
    case 'user.update':
      return userChanges(d, names);
    case 'user.reset_password': case 'user.disable': case 'user.enable':
      return [t('audit.user.account', { username: text(d.username) })];
    case 'register.create':
      return [t('audit.register.created', { nama: text(d.nama) })];
    case 'register.update':
      return [t('audit.register.changed', { fields: registerFields(d.changed) || '–' })];
    case 'register.activate': case 'register.deactivate':
      return [];
    case 'register.import':
      return [t('audit.register.imported', { file: text(d.fileName), rows: text(d.rows), inserted: text(d.inserted) })];
    case 'register.import_rejected':
      return [t('audit.register.rejected', { file: text(d.fileName), problems: text(d.problems) })];
    case 'instrument.upload':
      return [t(`audit.instrument.${text(d.outcome) === 'unchanged' ? 'unchanged' : 'uploaded'}`, { instrument: names.instrument(d.formId, d.version) })];
    case 'instrument.publish':
      return [names.instrument(d.formId, d.version)];
    case 'cycle.create':
      return [t('audit.cycle.created', { cycle: cycleLabel(text(d.name), typeof d.year === 'number' ? d.year : null), instrument: names.instrument(d.formId, d.formVersion) })];
    case 'cycle.open':
      return [t('audit.cycle.opened', { responses: text(d.responses) || '0', prefilled: text(d.prefilled) || '0', instrument: names.instrument(d.formId, d.formVersion) })];
    case 'cycle.reschedule': case 'cycle.reopen': {
      const before = (d.before ?? {}) as Details;
      const after = (d.after ?? {}) as Details;
      return [t('audit.cycle.closesAt', { from: when(before.closesAt), to: when(after.closesAt) }), ...(d.reason ? [t('review.audit.reason', { reason: text(d.reason) })] : [])];
    }
    case 'cycle.close':
      return [t('audit.cycle.closed', { responses: text(d.responses) || '0' }), ...(d.note ? [t('review.audit.reason', { reason: text(d.note) })] : [])];
    case 'deadline.extend':
      return [t('audit.deadline', { until: when(d.until) }), ...(d.reason ? [t('review.audit.reason', { reason: text(d.reason) })] : [])];
    case 'report.export':
      return [t('audit.report.export', { format: text(d.format).toUpperCase() || '–' })];
    case 'report.print':
      return [t('audit.report.print', { nomor: text(d.nomor) || t('audit.report.noNumber'), tanggal: typeof d.tanggal === 'string' ? formatDate(d.tanggal) : '–' })];
    case 'settings.emblem':
      return [text(d.change) === 'reset' ? t('audit.settings.emblemReset') : t('audit.settings.emblemUploaded', { name: text(d.name) })];
    case 'demo.seed':
      return [t('audit.demoSeed', { organisations: text(d.organisations), cycles: text(d.cycles), responses: text(d.responses) })];
    default:
      return null;
  }
}

/** The target of an entry by what it is and its name; '' when there is none. */
export function targetLabel(row: Pick<AuditRow, 'targetType' | 'targetId' | 'details'>, names: AuditNames): string {
  const id = row.targetId ?? '';
  const d = (row.details && typeof row.details === 'object' ? row.details : {}) as Details;
  switch (row.targetType) {
    case 'response': return t('audit.target.response', { name: names.responses.get(id) ?? t('audit.unknownOrganisation') });
    case 'cycle': return t('audit.target.cycle', { name: names.cycles.get(id) || text(d.name) || '–' });
    case 'organisation': return id ? t('audit.target.organisation', { name: names.organisations.get(id) || text(d.nama) || '–' }) : t('audit.target.register');
    case 'user': return t('audit.target.user', { name: names.users.get(id) || text(d.username) || '–' });
    case 'instrument': return t('audit.target.instrument', { name: names.instrument(d.formId ?? id.split('@')[0], d.version ?? d.formVersion) });
    case 'settings': return t('audit.target.settings');
    case null: case undefined: case '': return '';
    default: return t('audit.target.other');
  }
}

const objectIds = (ids: string[]) => [...new Set(ids)].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new mongoose.Types.ObjectId(id));

/** Reads the names of every record the rows mention (a handful of queries per page). */
export async function auditNames(rows: readonly AuditRow[]): Promise<AuditNames> {
  const ids = (type: string) => rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId as string);
  const details = rows.map((r) => (r.details && typeof r.details === 'object' ? r.details : {}) as Details);
  // user entries list organisation ids (user.update: [before, after] lists)
  const listed = details.flatMap((d) => (Array.isArray(d.organisationIds) ? d.organisationIds.flat() : []).filter((v): v is string => typeof v === 'string'));
  const orgIds = [...ids('organisation'), ...rows.map((r) => r.organisationId ?? '').filter(Boolean), ...listed];
  const [instrument, cycles, users, responses] = await Promise.all([
    instrumentLabeller(),
    Cycle.find({ _id: { $in: objectIds(ids('cycle')) } }, { name: 1, year: 1 }).lean(),
    User.find({ _id: { $in: objectIds(ids('user')) } }, { username: 1 }).lean(),
    ResponseModel.find({ _id: { $in: objectIds(ids('response')) } }, { organisationId: 1 }).lean(),
  ]);
  const organisations = await organisationNames([...orgIds, ...responses.map((r) => String(r.organisationId))]);
  return {
    instrument,
    cycles: new Map(cycles.map((c) => [String(c._id), cycleLabel(c.name, c.year)])),
    users: new Map(users.map((u) => [String(u._id), String((u as { username?: string }).username ?? '')])),
    organisations,
    responses: new Map(responses.map((r) => [String(r._id), organisations.get(String(r.organisationId)) ?? ''])),
  };
}
