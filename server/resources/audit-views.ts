/**
 * Audit entries as people read them: who (name and role), what (a label and a one-line summary of
 * the details), when (WIB and UTC), from where. Every value is plain text for the templates to
 * escape; stored entries already had control characters removed (server/http/audit.ts), and the
 * summaries are built from their fields, so a CR/LF in a comment cannot start a new entry.
 */
import { ROLE_LABELS, isRole } from '../domain/access/roles';
import { STATE_LABELS, isResponseState } from '../domain/workflow/state-machine';
import { t } from '../i18n';
import { adminSummary, auditActionLabel, targetLabel, type AuditNames } from './audit-admin';
import type { AuditRow } from '../model/query/audit';
import { formatScore, when } from './review-format';

type Details = Record<string, unknown>;

/** Without looked-up names (a timeline): records are named by their kind only. */
const NO_NAMES: AuditNames = {
  instrument: () => t('admin.instrument.unknown'), cycles: new Map(), organisations: new Map(), users: new Map(), responses: new Map(),
};
type TitleOf = (path: string) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? formatScore(v) : JSON.stringify(v));
const state = (v: unknown): string => (isResponseState(v) ? STATE_LABELS[v] : str(v));
const points = (v: unknown): string => (typeof v === 'number' ? formatScore(v) : t('review.audit.selfScore'));
const verdict = (v: unknown): string => t(`review.verdict.${v === 'valid' || v === 'invalid' ? v : 'none'}`);

export function actionLabel(action: string): string {
  return auditActionLabel(action);
}

function list(value: unknown): Details[] {
  return Array.isArray(value) ? value.filter((v): v is Details => typeof v === 'object' && v !== null) : [];
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One-line summaries of an entry's details (several lines for a return with many items). */
export function summarise(row: Pick<AuditRow, 'action' | 'details'>, titleOf: TitleOf = (p) => p, names: AuditNames = NO_NAMES): string[] {
  const d = (row.details && typeof row.details === 'object' ? row.details : {}) as Details;
  switch (row.action) {
    case 'response.submit':
      return [t(d.kind === 'resubmit' ? 'review.audit.resubmitted' : 'review.audit.submitted', { total: str(d.total) || '–', grade: str(d.grade) || '–' })];
    case 'response.start_review':
    case 'response.resubmit':
      return [t('review.audit.state', { from: state(d.from), to: state(d.to) })];
    case 'response.return':
      return [t('review.audit.state', { from: state(d.from), to: state(d.to) }), ...list(d.items).map((i) => t('review.audit.fix', { item: titleOf(str(i.path)), comment: clip(str(i.comment)) }))];
    case 'response.verify':
      return [t('review.audit.state', { from: state(d.from), to: state(d.to) }), t('review.audit.verified', { total: str(d.total) || '–', grade: str(d.grade) || '–' })];
    case 'response.unlock':
      return [t('review.audit.state', { from: state(d.from), to: state(d.to) }), t('review.audit.reason', { reason: clip(str(d.reason)) })];
    case 'score.change':
      return [t('review.audit.score', { item: titleOf(str(d.path)), from: points(d.from), to: points(d.to) }), ...(d.reason ? [t('review.audit.reason', { reason: clip(str(d.reason)) })] : [])];
    case 'evidence.verdict':
      return [t('review.audit.verdict', { name: str(d.name), item: titleOf(str(d.path)), from: verdict(d.from), to: verdict(d.to) })];
    case 'review.comment':
      return [t(d.needsFix ? 'review.audit.commentFix' : 'review.audit.comment', { item: titleOf(str(d.path)), comment: clip(str(d.comment)) || '–' })];
    case 'review.evaluator_answers':
    case 'response.answers_changed': {
      const changes = list(d.changes);
      const paths = changes.slice(0, 8).map((c) => titleOf(str(c.path).replace(/^\//, '').replace(/\//g, '.')));
      return [t('review.audit.answers', { count: changes.length, items: paths.join('; ') + (changes.length > 8 ? ' …' : '') })];
    }
    case 'evidence.upload':
    case 'evidence.delete':
    case 'evidence.download':
      return [t(d.inline ? 'review.audit.fileViewed' : 'review.audit.file', { name: str(d.name), item: titleOf(str(d.path)) })];
    case 'authz.denied':
      return [t('review.audit.denied', { method: str(d.method), path: str(d.path) })];
    default:
      return adminSummary(row, names)?.map((line) => clip(line))
        ?? (row.details === null || row.details === undefined ? [] : [clip(JSON.stringify(row.details))]);
  }
}

export interface EntryView {
  id: string;
  action: string;
  actionLabel: string;
  who: string;
  roleLabel: string;
  organisationId: string;
  target: string;
  targetHref: string;
  ip: string;
  wib: string;
  utc: string;
  lines: string[];
}

export interface EntryViewOptions {
  titleOf?: TitleOf;
  /** names of the records the entries mention (audit-admin.ts `auditNames`) */
  names?: AuditNames;
  /** operators see staff by role only, and no addresses */
  forOperator?: boolean;
}

export function entryView(row: AuditRow, opts: EntryViewOptions = {}): EntryView {
  const role = isRole(row.role) ? row.role : null;
  const hideName = opts.forOperator && role !== 'operator';
  const at = when(row.at);
  const isResponse = row.targetType === 'response' && typeof row.targetId === 'string' && /^[0-9a-f]{24}$/.test(row.targetId);
  return {
    id: String(row._id), action: row.action, actionLabel: actionLabel(row.action),
    who: hideName ? '' : row.actorName ?? t('review.audit.system'), roleLabel: role ? ROLE_LABELS[role] : '',
    organisationId: row.organisationId ?? '',
    target: targetLabel(row, opts.names ?? NO_NAMES),
    targetHref: isResponse ? `/tanggapan/${row.targetId}/riwayat` : '',
    ip: opts.forOperator ? '' : row.ip ?? '',
    wib: at.wib, utc: at.utc, lines: [...summarise(row, opts.titleOf, opts.names), ...deviceLine(row)],
  };
}

/** A change synced from a device's offline queue: when it was made there (the entry's time is the server's). */
function deviceLine(row: Pick<AuditRow, 'details'>): string[] {
  const raw = (row.details && typeof row.details === 'object' ? (row.details as Details).clientAt : undefined);
  const at = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : null;
  return at && !Number.isNaN(at.getTime()) ? [t('offline.audit.device', { at: when(at).wib })] : [];
}
