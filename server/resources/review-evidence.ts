/**
 * The evidence beside each review item: per file its name, type, size, a "Lihat" link that shows
 * PDF and images in the browser (/bukti/:id/pratinjau, domain/files/delivery.ts), a download
 * link, and the evaluator's valid/invalid mark (radio buttons while the review is open, text
 * otherwise); per item the instrument's evidence rule (types, how many files) and, where the
 * app's own submit check would refuse the response as it stands, that check's message.
 * No requests, no writes.
 */
import { countByPath, isPreviewable, typeLabel, acceptedTypes } from '../domain/files';
import { validateAnswers, type FieldError } from '../domain/forms';
import { t } from '../i18n';
import type { ReviewContext, ReviewItemInfo } from './review-context';
import { sizeText } from './review-format';

const VERDICTS = ['', 'valid', 'invalid'] as const;

/** The submit check's evidence messages by question path (files missing or too many). */
export function evidenceShortfalls(ctx: Pick<ReviewContext, 'form' | 'response'>): Map<string, string> {
  const evidence = ctx.response.evidence ?? [];
  const check = validateAnswers(ctx.form, ctx.response.answers ?? {}, { mode: 'submit', role: 'operator', evidence: countByPath(evidence) });
  const out = new Map<string, string>();
  for (const e of check.errors as FieldError[]) if (e.keyword === 'x-evidence' && !out.has(e.path)) out.set(e.path, e.message);
  return out;
}

/** "PDF, JPG, PNG · minimal 1, paling banyak 3 berkas" from the question's `x-evidence`. */
function ruleText(item: ReviewItemInfo): string {
  const rule = item.question.evidence;
  if (!rule) return '';
  const types = acceptedTypes(rule.types).map(typeLabel).join(', ');
  const count = rule.min > 0 ? t('review.evidence.countRange', { min: rule.min, max: rule.max }) : t('review.evidence.countMax', { max: rule.max });
  return `${types} · ${count}`;
}

export interface EvidenceFileView {
  id: string;
  name: string;
  type: string;
  size: string;
  previewHref: string | null;
  downloadHref: string;
  fieldId: string;
  verdictLabel: string;
  valid: boolean;
  invalid: boolean;
  errors: string[];
  choices: { value: string; id: string; label: string; checked: boolean }[];
}

/**
 * What the page shows about one item's evidence. `verdicts` are the values shown (stored, or as
 * just posted); `errors` the item's field errors keyed `file:<id>`.
 */
export function itemEvidence(ctx: ReviewContext, item: ReviewItemInfo, itemId: string, verdicts: Record<string, string>, errors: Record<string, string[]>, shortfalls: Map<string, string>) {
  const files: EvidenceFileView[] = (ctx.response.evidence ?? []).filter((e) => e.path === item.path).map((e) => {
    const fileId = String(e.fileId);
    const href = `/bukti/${encodeURIComponent(fileId)}`;
    const chosen = verdicts[fileId] ?? '';
    return {
      id: fileId, name: e.name, type: typeLabel(e.type), size: sizeText(e.size),
      previewHref: isPreviewable(e.type) ? `${href}/pratinjau` : null, downloadHref: href,
      fieldId: `${itemId}-file-${fileId}`,
      verdictLabel: t(`review.verdict.${chosen || 'none'}`), invalid: chosen === 'invalid', valid: chosen === 'valid',
      errors: errors[`file:${fileId}`] ?? [],
      choices: VERDICTS.map((v) => ({ value: v, id: `${itemId}-file-${fileId}-${v || 'none'}`, label: t(`review.verdict.${v || 'none'}`), checked: chosen === v })),
    };
  });
  const rule = ruleText(item);
  return { show: files.length > 0 || rule !== '', rule, files, shortfall: shortfalls.get(item.path) ?? '' };
}
