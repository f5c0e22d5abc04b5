/**
 * The renderer registry (as in JSON Forms): every widget is a tester plus a Handlebars partial
 * `views/partials/form/<widget>.hbs`. For each schema node the tester with the highest rank wins;
 * a rank ≤ 0 means "not applicable". Adding a widget = one `registerRenderer` call + one partial.
 * An explicit `x-widget` in the definition is honoured when that widget can render the node.
 */
import { isPrimitiveTypes, type Facts } from './facts';
import { hasOwn, isObject } from './refs';

export type Tester = (facts: Facts) => number;

interface Entry {
  widget: string;
  tester: Tester;
}

const entries: Entry[] = [];
let version = 0;

/** Registers a widget; `widget` names the partial `form/<widget>`. Later registrations win ties. */
export function registerRenderer(tester: Tester, widget: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(widget)) throw new Error(`invalid widget name: ${widget}`);
  entries.push({ widget, tester });
  version++; // plans cached before this call are rebuilt (see plan.ts)
}

export function registryVersion(): number {
  return version;
}

/** The widget for a node; `json` (a JSON text area) when nothing else applies. */
export function chooseWidget(facts: Facts): string {
  let best = 'json';
  let bestRank = 0;
  for (const e of entries) {
    let rank: number;
    try {
      rank = e.tester(facts);
    } catch {
      rank = 0; // a faulty tester must not break rendering
    }
    if (rank > 0 && rank >= bestRank) {
      best = e.widget;
      bestRank = rank;
    }
  }
  return best;
}

// ----- built-in testers -----------------------------------------------------------------------

const EXPLICIT = 50;
/** `x-widget` values that are a text input with another keyboard (see FORMAT.md). */
const TEXT_KINDS = new Set(['text', 'email', 'tel', 'time']);
/** `x-widget: name` wins when the widget's own tester says it can render the node. */
const explicit = (name: string, tester: Tester): Tester => (f) => {
  const rank = tester(f);
  if (rank <= 0) return rank;
  return f.xWidget === name ? EXPLICIT : rank;
};

const onlyTypes = (f: Facts, allowed: string[]): boolean => f.types.length > 0 && f.types.every((t) => allowed.includes(t) || t === 'null');
const fmt = (f: Facts): string | undefined => (typeof f.schema.format === 'string' ? f.schema.format : undefined);
const maxLength = (f: Facts): number => (typeof f.schema.maxLength === 'number' ? f.schema.maxLength : 0);
const single = (f: Facts): boolean => !f.truncated && !f.alternatives && !f.arrayKind;

function isScale(f: Facts): boolean {
  const opts = f.options;
  if (!opts) return false;
  const nums = opts.filter((o) => typeof o.value === 'number');
  if (nums.length < 3 || opts.some((o) => typeof o.value !== 'number' && typeof o.value !== 'string')) return false;
  const sorted = nums.map((o) => o.value as number).sort((a, b) => a - b);
  return sorted.every((v, i) => Number.isInteger(v) && v === sorted[0] + i) && sorted.length <= 11;
}

function registerBuiltIns(): void {
  registerRenderer((f) => (f.truncated ? 100 : 1), 'json');
  registerRenderer((f) => (single(f) && isPrimitiveTypes(f.types) ? (TEXT_KINDS.has(f.xWidget ?? '') && !f.options ? EXPLICIT : 3) : 0), 'text');
  registerRenderer(explicit('textarea', (f) => (single(f) && onlyTypes(f, ['string']) && !f.options ? (maxLength(f) > 200 || fmt(f) === 'textarea' ? 7 : 2) : 0)), 'textarea');
  registerRenderer(explicit('number', (f) => (single(f) && !f.options && onlyTypes(f, ['number', 'integer']) ? 6 : 0)), 'number');
  registerRenderer(explicit('date', (f) => (single(f) && !f.options && onlyTypes(f, ['string']) && fmt(f) === 'date' ? 8 : 0)), 'date');
  registerRenderer(explicit('select', (f) => (single(f) && f.options ? 5 : 0)), 'select');
  registerRenderer(explicit('radio', (f) => (single(f) && f.options ? (f.options.length <= 6 ? 10 : 4) : 0)), 'radio');
  registerRenderer(
    explicit('yesno', (f) => (single(f) && f.options?.length === 2 && f.options.every((o) => typeof o.value === 'boolean') ? 11 : 0)),
    'yesno',
  );
  registerRenderer(explicit('scale', (f) => (single(f) && isScale(f) ? 12 : 0)), 'scale');
  registerRenderer(explicit('checkboxes', (f) => (f.arrayKind === 'list' && f.itemOptions ? (f.schema.uniqueItems === true ? 10 : 4) : 0)), 'checkboxes');
  registerRenderer((f) => (!f.truncated && (isObject(f.schema.properties) || f.alternatives) ? (f.xWidget === 'section' || f.xWidget === 'group' ? EXPLICIT : 5) : 0), 'section');
  registerRenderer(explicit('repeat', (f) => (!f.truncated && f.arrayKind === 'list' ? 5 : 0)), 'repeat');
  registerRenderer((f) => (!f.truncated && f.arrayKind === 'tuple' ? 6 : 0), 'tuple');
  registerRenderer((f) => (!f.truncated && hasOwn(f.schema, 'const') && !f.options ? 30 : 0), 'const');
  registerRenderer((f) => (!f.truncated && (f.schema.readOnly === true || f.xWidget === 'readonly') ? 60 : 0), 'readonly');
  // A question that is only an upload (no answer value of its own); a scored question with
  // `x-evidence` keeps its own widget and gets the upload block appended (see view.ts).
  registerRenderer(
    (f) => (!f.truncated && (f.xWidget === 'evidence' || (isObject(f.schema['x-evidence']) && f.types.length === 0 && !f.options && !f.alternatives)) ? EXPLICIT : 0),
    'evidence',
  );
}

registerBuiltIns();
