/**
 * View models of the operator pages (plain, already-formatted values for the templates) and the
 * rendering of a section with the questionnaire renderer. No requests, no writes.
 */
import Handlebars from 'handlebars';
import { progress, score, type FieldError, type LoadedForm } from '../domain/forms';
import { countByPath } from '../domain/files';
import { sectionOf } from '../domain/fill';
import { renderForm } from '../render';
import { idPart } from '../render/paths';
import { messages, t } from '../i18n';
import { evidenceByPath, type ResponseDoc } from '../model/query/responses';
import type { FillContext } from './fill-context';
import { formatDateTime, formatScore, formatTime, stateLabel, windowLabel } from './fill-format';

/** Scripts in order (defer): the form's own, the offline queue (store, sending, kept pages), the page's script last. */
export const SECTION_ASSETS = { styles: ['form.css'], scripts: ['form.js', 'offline-store.js', 'offline-sync.js', 'fill.js'] };
export const PAGE_ASSETS = { styles: ['form.css'], scripts: ['form.js', 'offline-store.js', 'offline-sync.js', 'offline-pages.js', 'fill.js'] };
/** Pages without questions still show the sync status and send the offline queue. */
export const STATUS_ASSETS = { styles: ['form.css'], scripts: ['offline-store.js', 'offline-sync.js', 'offline-pages.js', 'fill.js'] };

/** The renderer's element id of a question (default prefix "f"), for links to it. */
export function questionAnchor(path: string): string {
  return `f-${path.split('.').map(idPart).join('-')}`;
}

export function sectionUrl(id: string, section: string): string {
  return `/tanggapan/${id}/bagian/${encodeURIComponent(section)}`;
}

/** Items an evaluator flagged for correction (after a return), with their comments. */
export function flaggedItems(ctx: FillContext): { path: string; section: string; title: string; comment: string; href: string }[] {
  const id = String(ctx.response._id);
  return (ctx.response.review ?? [])
    .filter((r) => r.needsFix && ctx.response.state === 'returned')
    .map((r) => {
      const q = ctx.form.questions.find((x) => x.path === r.path);
      const section = sectionOf(r.path);
      return { path: r.path, section, title: q?.title ?? r.path, comment: r.comment ?? '', href: `${sectionUrl(id, section)}#${questionAnchor(r.path)}` };
    });
}

export function sectionNav(ctx: FillContext, current?: string) {
  const id = String(ctx.response._id);
  const prog = responseProgress(ctx);
  const flagged = new Set(flaggedItems(ctx).map((f) => f.section));
  return ctx.form.sections.map((s, i) => {
    const p = prog.sections.find((x) => x.key === s.key);
    const required = p?.required ?? 0;
    const answered = p?.answered ?? 0;
    const evidenceMissing = p?.evidenceMissing ?? 0;
    return {
      key: s.key, title: s.title, number: i + 1, href: sectionUrl(id, s.key), current: s.key === current,
      answered, required, total: p?.total ?? 0, answeredTotal: p?.answeredTotal ?? 0, evidenceMissing,
      // "lengkap" only with the required evidence too (issue 18)
      complete: answered >= required && evidenceMissing === 0, needsFix: flagged.has(s.key),
    };
  });
}

/** Completeness of the response, required evidence files counted. */
export function responseProgress(ctx: Pick<FillContext, 'form' | 'response'>) {
  return progress(ctx.form, ctx.response.answers ?? {}, countByPath(ctx.response.evidence ?? []));
}

export function scoreView(form: LoadedForm, answers: unknown) {
  const result = score(form, answers ?? {});
  return {
    total: formatScore(result.total),
    grade: result.grade?.grade ?? '–',
    gradeLabel: result.grade?.label ?? '',
    caps: result.caps.map((c) => c.reason),
    sections: result.sections.map((s) => ({ title: s.title, score: formatScore(s.score), weight: s.weight })),
  };
}

export function statusView(ctx: FillContext) {
  return {
    state: ctx.response.state,
    stateLabel: stateLabel(ctx.response.state),
    deadline: formatDateTime(ctx.deadline),
    extended: ctx.window === 'extended',
    windowLabel: windowLabel(ctx.window),
    editable: ctx.editRefusal === null,
    refusal: ctx.editRefusal === null ? '' : t(`fill.refusal.${String(ctx.editRefusal).replace('.', '_')}`),
    submittedAt: formatDateTime(ctx.response.submittedAt),
  };
}

/** The catalogue's strings for the pages' offline script, as one JSON attribute value. */
const CLIENT_MESSAGES = JSON.stringify(Object.fromEntries(Object.entries(messages)
  .filter(([key]) => key.startsWith('offline.client.')).map(([key, text]) => [key.slice('offline.client.'.length), text])));

/** Every page of a response the operator may keep offline: overview, sections, submit page. */
function pageUrls(ctx: FillContext): string[] {
  const id = String(ctx.response._id);
  return [`/tanggapan/${id}`, ...ctx.form.sections.map((s) => sectionUrl(id, s.key)), `/tanggapan/${id}/kirim`];
}

/**
 * What the offline script needs on a page (data attributes of the status partial): who, which
 * response at which rev, when the server made the page (a page from the offline cache is older
 * than what the queue knows), the pages to keep offline, and the messages.
 */
export function syncView(user: { id: string }, ctx?: FillContext) {
  return {
    user: user.id,
    id: ctx ? String(ctx.response._id) : '',
    rev: ctx ? ctx.response.rev : '',
    state: ctx ? ctx.response.state : '',
    renderedAt: Date.now(),
    savedAt: ctx && ctx.response.rev > 0 ? formatTime(ctx.response.updatedAt) : '',
    urls: ctx ? JSON.stringify(pageUrls(ctx)) : '',
    messages: CLIENT_MESSAGES,
  };
}

/** Errors as links to the question on its section page (submit page, error summary). */
export function errorLinks(id: string, errors: readonly FieldError[]) {
  return errors.map((e) => {
    const segments = e.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const section = segments[0] ?? '';
    // ?periksa: the section page shows this check's messages at the fields (GOV.UK error summary)
    return { text: e.message, href: section ? `${sectionUrl(id, section)}?periksa#${questionAnchor(segments.join('.'))}` : `/tanggapan/${id}` };
  });
}

/**
 * Marks flagged questions in the renderer's HTML with data-needs-fix: on the question's
 * `fm-field` wrapper (which holds its inputs), found from the question's element id.
 */
function markFlagged(html: string, paths: readonly string[]): string {
  let out = html;
  for (const path of paths) {
    const at = out.indexOf(` id="${questionAnchor(path)}"`);
    if (at === -1) continue;
    const wrapper = out.lastIndexOf('<div class="fm-field', at);
    const insertAt = wrapper === -1 ? at : wrapper + '<div'.length;
    // ids are [A-Za-z0-9_-] only; the path is escaped like any attribute value
    out = `${out.slice(0, insertAt)} data-needs-fix="${Handlebars.escapeExpression(path)}"${out.slice(insertAt)}`;
  }
  return out;
}

export interface SectionRender {
  answers: unknown;
  errors?: readonly FieldError[];
}

/** The renderer's HTML of one section, marked safe for the page template (it escapes everything itself). */
export function renderSection(ctx: FillContext, section: string, input: SectionRender): Handlebars.SafeString {
  const response: ResponseDoc = ctx.response;
  const html = renderForm({
    form: ctx.form,
    answers: input.answers,
    errors: (input.errors ?? []).map((e) => ({ path: e.path, message: e.message })),
    section,
    mode: ctx.editRefusal === null ? 'edit' : 'readonly',
    role: 'operator',
    evidence: evidenceByPath(response.evidence ?? []),
    evidenceUrl: '/bukti/{id}',
  });
  const flagged = flaggedItems(ctx).filter((f) => f.section === section).map((f) => f.path);
  return new Handlebars.SafeString(markFlagged(html, flagged));
}
