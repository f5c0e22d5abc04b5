/**
 * parseFormPost: the fields of a plain HTML form POST (no JavaScript needed) back into a typed
 * answer document, driven by the same render plan as the HTML — so only names the form could
 * have produced are ever read. Numbers, integers and booleans are typed; checkboxes become
 * arrays; repeat rows are read up to their posted count; empty answers are left out. Input the
 * schema cannot type (e.g. "12a" for a number) is kept as text so validation reports it.
 *
 * Fields the poster may not change come from `previous` (the saved answers), never from the
 * body: read-only questions, evaluator-only questions for operators, and in review mode
 * everything except evaluator-only questions.
 */
import { encodeOption } from './facts';
import { childName, markerName, ROOT_NAME, type Segment } from './paths';
import { emptyRow, FORBIDDEN_KEYS, MAX_ROWS, planFor, type FieldPlan } from './plan';
import { parseJsonField, readBody, type BodyReader, type PostBody } from './post-body';
import { hasOwn, isObject } from './refs';
import { schemaOf, type FormInput } from './render';
import { seesEvaluatorOnly } from './roles';
import { matchAlternative } from './view';

export interface ParseOptions {
  /** parse one top-level section only; with `previous`, the rest is kept from it */
  section?: string;
  mode?: 'edit' | 'review';
  role?: string;
  /** the saved answers: source of everything the poster may not change */
  previous?: unknown;
  /** keep empty rows (as {} / null) — used when a row is being added or removed */
  keepEmptyRows?: boolean;
}

interface ParseState {
  body: BodyReader;
  mode: 'edit' | 'review';
  canSeeEvaluatorOnly: boolean;
  keepEmptyRows: boolean;
}

function at(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = isObject(cur) && hasOwn(cur, seg) ? cur[seg] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function clone<T>(v: T): T {
  return v === undefined || v === null || typeof v !== 'object' ? v : structuredClone(v);
}

/** "12", "-3.5", "3,5" (Indonesian decimal comma) → number; anything else → undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.replace(/\s+/g, '');
  const normalised = /^[+-]?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normalised)) return undefined;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

function coerce(s: string, types: string[]): unknown {
  if (types.includes('number') || types.includes('integer')) {
    const n = parseNumber(s);
    if (n !== undefined) return n;
  }
  if (types.includes('boolean') && (s === 'true' || s === 'false')) return s === 'true';
  return s; // a string answer, or text that validation will reject with a clear message
}

function leafValue(plan: FieldPlan, name: string, ps: ParseState): unknown {
  if (plan.widget === 'checkboxes') {
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (const s of ps.body.all(name)) {
      if (s === '' || seen.has(s)) continue;
      seen.add(s);
      const o = plan.optionByEnc?.get(s);
      out.push(o ? clone(o.value) : s);
      if (out.length >= MAX_ROWS) break;
    }
    return out.length > 0 ? out : undefined;
  }
  const raw = ps.body.one(name);
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  if (plan.widget === 'const') return s === encodeOption(plan.constValue) ? clone(plan.constValue) : undefined;
  if (plan.widget === 'json') return parseJsonField(s);
  if (plan.optionByEnc) {
    const o = plan.optionByEnc.get(s) ?? plan.optionByEnc.get(raw);
    return o ? clone(o.value) : s;
  }
  return coerce(s, plan.types);
}

function objectValue(plan: FieldPlan, name: string, path: Segment[], prev: unknown, editable: boolean, ps: ParseState, scope: boolean): unknown {
  // not editable here (review mode): start from the saved object so nothing is lost
  const out: Record<string, unknown> = !editable && isObject(prev) ? { ...(clone(prev) as Record<string, unknown>) } : {};
  const put = (children: FieldPlan[], base: string) => {
    for (const c of children) {
      const key = c.key as string;
      if (FORBIDDEN_KEYS.has(key)) continue;
      const v = parseNode(c, childName(base, key), [...path, key], prev === undefined ? undefined : at(prev, [key]), ps, scope);
      if (v === undefined) delete out[key];
      else out[key] = v;
    }
  };
  put(plan.children, name);
  if (plan.alternatives && plan.alternatives.length > 0) {
    const alts = plan.alternatives;
    const posted = Number(ps.body.one(markerName(name, '~alt')));
    let sel = editable && Number.isInteger(posted) && posted >= 0 && posted < alts.length ? posted : matchAlternative(prev, alts);
    if (sel === -1 && editable) {
      // no choice posted (all alternatives were shown): take the one the poster filled in most
      const filled = alts.map((a, i) => a.children.filter((c) => ps.body.all(childName(markerName(name, `~a${i}`), c.key as string)).some((v) => v.trim() !== '')).length);
      sel = filled.indexOf(Math.max(...filled));
    }
    if (sel !== -1) put(alts[sel].children, markerName(name, `~a${sel}`));
  }
  if (plan.extra && editable) {
    const extra = ps.body.one(markerName(name, '~extra'));
    const parsed = extra === undefined || extra.trim() === '' ? undefined : parseJsonField(extra.trim());
    if (isObject(parsed)) {
      for (const [k, v] of Object.entries(parsed)) if (!hasOwn(out, k) && !FORBIDDEN_KEYS.has(k)) out[k] = v;
    } else if (parsed !== undefined) out['~extra'] = parsed; // not an object: validation will say so
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function arrayValue(plan: FieldPlan, name: string, path: Segment[], prev: unknown, editable: boolean, ps: ParseState, scope: boolean): unknown {
  const prevList = Array.isArray(prev) ? prev : [];
  const prefix = plan.prefix ?? [];
  const limit = Math.max(Math.min(plan.maxItems, MAX_ROWS), prefix.length);
  const posted = Number(ps.body.one(markerName(name, '~rows')));
  const count = editable ? (Number.isInteger(posted) && posted > 0 ? Math.min(posted, limit) : prefix.length) : Math.min(prevList.length, limit);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const item = i < prefix.length ? prefix[i] : (plan.item ?? plan.rest);
    if (!item) break;
    const v = parseNode(item, childName(name, i), [...path, i], prevList[i], ps, scope);
    if (v !== undefined) out.push(v);
    else if (ps.keepEmptyRows || i < prefix.length) out.push(i < prefix.length ? null : emptyRow(item));
  }
  while (out.length > 0 && out[out.length - 1] === null && (out.length <= prefix.length || !ps.keepEmptyRows)) out.pop();
  return out.length > 0 ? out : undefined;
}

function parseNode(plan: FieldPlan, name: string, path: Segment[], prev: unknown, ps: ParseState, evalScope: boolean): unknown {
  if (plan.evaluatorOnly && !ps.canSeeEvaluatorOnly) return clone(prev);
  const scope = evalScope || (ps.mode === 'review' && plan.evaluatorOnly);
  const editable = !plan.readOnly && (ps.mode === 'edit' || scope);
  const container = plan.children.length > 0 || plan.alternatives || plan.item || plan.prefix;
  if (!container) return editable && plan.widget !== 'evidence' ? leafValue(plan, name, ps) : clone(prev);
  if (!editable && plan.readOnly) return clone(prev);
  if (plan.item || plan.prefix) return arrayValue(plan, name, path, prev, editable, ps, scope);
  return objectValue(plan, name, path, prev, editable, ps, scope);
}

export function parseFormPost(form: FormInput, body: PostBody | null | undefined, opts: ParseOptions = {}): unknown {
  const plan = planFor(schemaOf(form));
  const mode = opts.mode ?? 'edit';
  const ps: ParseState = {
    body: readBody(body),
    mode,
    canSeeEvaluatorOnly: seesEvaluatorOnly(opts.role, mode),
    keepEmptyRows: opts.keepEmptyRows === true,
  };
  const prev = opts.previous;
  const isContainer = plan.children.length > 0 || plan.alternatives || plan.item || plan.prefix;
  if (!isContainer) return parseNode(plan, ROOT_NAME, [], prev, ps, false);
  if (opts.section === undefined) return parseNode(plan, '', [], prev, ps, false) ?? (plan.item || plan.prefix ? [] : {});
  const child = plan.children.find((c) => c.key === opts.section);
  if (!child) throw new Error(`unknown section: ${opts.section}`);
  const key = child.key as string;
  const out: Record<string, unknown> = isObject(prev) ? { ...(clone(prev) as Record<string, unknown>) } : {};
  const v = parseNode(child, childName('', key), [key], at(prev, [key]), ps, false);
  if (v === undefined) delete out[key];
  else out[key] = v;
  return out;
}
