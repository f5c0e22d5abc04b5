/**
 * Evaluator reviews, item by item: verified points (with a reason when they differ from the
 * operator's self-score), a verdict per evidence file, a comment, and a "needs fix" flag that
 * tells the operator what to repair after a return. Pure rules; the caller stores the result
 * with an optimistic version check (`checkVersion`) so two evaluators never overwrite each
 * other silently (checklist 32).
 */
import { type DomainProblem, problem } from './problems';
import type { ResponseState } from './state-machine';

export type EvidenceVerdict = 'valid' | 'invalid';

export interface ItemReview {
  /** JSON Pointer of the scored item in the answers, e.g. `/manajemen/tanda_daftar`. */
  readonly path: string;
  /** Absent: the evaluator accepts the self-score. */
  readonly verifiedPoints?: number;
  readonly reason?: string;
  readonly evidenceVerdicts: Readonly<Record<string, EvidenceVerdict>>;
  readonly comment?: string;
  readonly needsFix?: boolean;
}

/** What the instrument and the response say about one reviewable item (built by the caller). */
export interface ReviewableItem {
  readonly path: string;
  /** The operator's own score; null for evaluator-only or unanswered items. */
  readonly selfPoints: number | null;
  readonly maxPoints: number;
  /** When the scale is discrete (0-4), the allowed values. */
  readonly allowedPoints?: readonly number[];
  readonly evidenceFileIds: readonly string[];
}

export interface ReviewIssue {
  readonly path: string;
  readonly field: string;
  readonly message: string;
}

export const REVIEW_LIMITS = Object.freeze({ reason: 1000, comment: 2000, items: 1000 });
const ALLOWED_KEYS = new Set(['path', 'verifiedPoints', 'reason', 'evidenceVerdicts', 'comment', 'needsFix']);

const MESSAGES = {
  notObject: 'Setiap butir penilaian harus berupa objek.',
  notList: 'Penilaian harus berupa daftar butir.',
  tooMany: `Paling banyak ${REVIEW_LIMITS.items} butir dalam satu penyimpanan.`,
  unknownKey: 'Kolom tidak dikenal.',
  unknownItem: 'Butir tidak ditemukan pada instrumen.',
  duplicate: 'Butir ini dikirim lebih dari sekali.',
  points: (max: number) => `Nilai verifikasi harus angka antara 0 dan ${max}.`,
  pointsScale: (allowed: readonly number[]) => `Nilai verifikasi harus salah satu dari: ${allowed.join(', ')}.`,
  reasonRequired: 'Alasan wajib diisi bila nilai verifikasi berbeda dari nilai mandiri.',
  tooLong: (max: number) => `Paling banyak ${max} karakter.`,
  text: 'Harus berupa teks.',
  verdicts: 'Penilaian bukti harus berupa daftar berkas.',
  unknownFile: 'Berkas bukti tidak termasuk butir ini.',
  verdictValue: 'Penilaian bukti harus "valid" atau "invalid".',
  needsFix: 'Tanda perlu perbaikan harus ya atau tidak.',
  needsFixComment: 'Tuliskan komentar agar operator tahu apa yang harus diperbaiki.',
  version: 'Versi data tidak dikirim atau tidak valid.',
} as const;

type Raw = Record<string, unknown>;

function parsePoints(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 'invalid';
}

function parseFlag(value: unknown): boolean | 'invalid' {
  if (value === undefined || value === null || value === false || value === 'false' || value === '0' || value === '') return false;
  if (value === true || value === 'true' || value === 'on' || value === '1') return true;
  return 'invalid';
}

function parseText(value: unknown, max: number, issue: (m: string) => void): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') { issue(MESSAGES.text); return undefined; }
  const text = value.trim();
  if (text.length > max) issue(MESSAGES.tooLong(max));
  return text === '' ? undefined : text;
}

function validateItem(raw: Raw, item: ReviewableItem, issues: ReviewIssue[]): ItemReview {
  const at = (field: string) => (message: string) => issues.push({ path: item.path, field, message });
  for (const key of Object.keys(raw)) if (!ALLOWED_KEYS.has(key)) at(key)(MESSAGES.unknownKey);

  const points = parsePoints(raw.verifiedPoints);
  let pointsValid = true;
  if (points === 'invalid' || (points !== undefined && (points < 0 || points > item.maxPoints))) {
    at('verifiedPoints')(MESSAGES.points(item.maxPoints));
    pointsValid = false;
  } else if (points !== undefined && item.allowedPoints && !item.allowedPoints.includes(points)) {
    at('verifiedPoints')(MESSAGES.pointsScale(item.allowedPoints));
    pointsValid = false;
  }

  const reason = parseText(raw.reason, REVIEW_LIMITS.reason, at('reason'));
  // Ask for a reason only about a valid score; an invalid one already has its own message.
  const differs = pointsValid && typeof points === 'number' && item.selfPoints !== null && points !== item.selfPoints;
  if (differs && reason === undefined) at('reason')(MESSAGES.reasonRequired);

  const verdicts: Record<string, EvidenceVerdict> = {};
  if (raw.evidenceVerdicts !== undefined && raw.evidenceVerdicts !== null) {
    if (typeof raw.evidenceVerdicts !== 'object' || Array.isArray(raw.evidenceVerdicts)) at('evidenceVerdicts')(MESSAGES.verdicts);
    else {
      for (const [fileId, verdict] of Object.entries(raw.evidenceVerdicts as Raw)) {
        if (!item.evidenceFileIds.includes(fileId)) at(`evidenceVerdicts.${fileId}`)(MESSAGES.unknownFile);
        else if (verdict !== 'valid' && verdict !== 'invalid') at(`evidenceVerdicts.${fileId}`)(MESSAGES.verdictValue);
        else verdicts[fileId] = verdict;
      }
    }
  }

  const comment = parseText(raw.comment, REVIEW_LIMITS.comment, at('comment'));
  const needsFix = parseFlag(raw.needsFix);
  if (needsFix === 'invalid') at('needsFix')(MESSAGES.needsFix);
  else if (needsFix && comment === undefined) at('comment')(MESSAGES.needsFixComment);

  return {
    path: item.path,
    ...(typeof points === 'number' ? { verifiedPoints: points } : {}),
    ...(reason !== undefined ? { reason } : {}),
    evidenceVerdicts: verdicts,
    ...(comment !== undefined ? { comment } : {}),
    ...(needsFix === true ? { needsFix: true } : {}),
  };
}

/**
 * Validate an evaluator's update (a list of item reviews from the request body) against the
 * items of the instrument. Every issue is reported; on success the cleaned reviews are returned
 * (unknown keys never pass: field allow-list, checklist 8).
 */
export function validateReviewUpdate(raw: unknown, items: readonly ReviewableItem[]): { ok: true; value: ItemReview[] } | { ok: false; problem: DomainProblem } {
  const issues: ReviewIssue[] = [];
  if (!Array.isArray(raw)) return { ok: false, problem: problem(400.1, [{ path: '', field: '', message: MESSAGES.notList }]) };
  if (raw.length > REVIEW_LIMITS.items) return { ok: false, problem: problem(400.1, [{ path: '', field: '', message: MESSAGES.tooMany }]) };
  const byPath = new Map(items.map((i) => [i.path, i]));
  const seen = new Set<string>();
  const value: ItemReview[] = [];
  raw.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.push({ path: `#${index}`, field: '', message: MESSAGES.notObject });
      return;
    }
    const path = (entry as Raw).path;
    const item = typeof path === 'string' ? byPath.get(path) : undefined;
    if (!item) { issues.push({ path: typeof path === 'string' ? path : `#${index}`, field: 'path', message: MESSAGES.unknownItem }); return; }
    if (seen.has(item.path)) { issues.push({ path: item.path, field: 'path', message: MESSAGES.duplicate }); return; }
    seen.add(item.path);
    value.push(validateItem(entry as Raw, item, issues));
  });
  return issues.length > 0 ? { ok: false, problem: problem(400.1, issues) } : { ok: true, value };
}

/** Apply an update: each reviewed item replaces that item's record whole; others are kept. */
export function mergeReview(current: readonly ItemReview[], update: readonly ItemReview[]): ItemReview[] {
  const replaced = new Map(update.map((r) => [r.path, r]));
  const merged = current.map((r) => replaced.get(r.path) ?? r);
  const known = new Set(current.map((r) => r.path));
  return [...merged, ...update.filter((r) => !known.has(r.path))];
}

/** The items an operator must fix after a return: flagged needsFix and carrying a comment. */
export function itemsToFix(review: readonly ItemReview[]): ItemReview[] {
  return review.filter((r) => r.needsFix === true && typeof r.comment === 'string' && r.comment.trim() !== '');
}

/** The count the state machine needs for returnForRevision (`fixRequests`). */
export function fixRequestCount(review: readonly ItemReview[]): number {
  return itemsToFix(review).length;
}

/** The points that count for scoring: the verified points when set, else the self-score. */
export function effectivePoints(item: Pick<ReviewableItem, 'selfPoints'>, review?: ItemReview): number | null {
  return review?.verifiedPoints ?? item.selfPoints;
}

/** Score changes between two review states, for `score.change` audit entries. */
export function scoreChanges(before: readonly ItemReview[], after: readonly ItemReview[]): { path: string; from?: number; to?: number }[] {
  const old = new Map(before.map((r) => [r.path, r.verifiedPoints]));
  return after
    .filter((r) => old.get(r.path) !== r.verifiedPoints)
    .map((r) => ({ path: r.path, ...(old.get(r.path) !== undefined ? { from: old.get(r.path) } : {}), ...(r.verifiedPoints !== undefined ? { to: r.verifiedPoints } : {}) }));
}

/** Reviews may only be edited while the response is in review. */
export function reviewEditableState(state: ResponseState): boolean {
  return state === 'in_review';
}

/**
 * Optimistic concurrency: the client sends the version it loaded; a different current version
 * means someone saved in between → 409.3. A missing or malformed version is a bad request.
 * The store must still write with `{_id, version: expected}` in the filter and `$inc` the
 * version, so the check also holds between this call and the write.
 */
export function checkVersion(expected: unknown, current: number): { ok: true; version: number } | { ok: false; problem: DomainProblem } {
  const parsed = typeof expected === 'number' ? expected : typeof expected === 'string' && /^\d{1,15}$/.test(expected.trim()) ? Number(expected) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 0) return { ok: false, problem: problem(400.1, [{ path: '', field: 'version', message: MESSAGES.version }]) };
  return parsed === current ? { ok: true, version: parsed } : { ok: false, problem: problem(409.3, { expected: parsed, current }) };
}
