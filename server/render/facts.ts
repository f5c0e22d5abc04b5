/**
 * What a tester needs to know about one normalised schema node: its JSON types, its choices
 * (enum / oneOf-const / boolean), whether it is an object with questions, a list or a tuple,
 * and its object alternatives (oneOf/anyOf of objects). Computed once per plan node.
 */
import { msg } from './messages';
import { normalise, mergeInto } from './normalize';
import { hasOwn, isObject, type RefContext, type SchemaObject } from './refs';

export interface Option {
  value: unknown;
  /** the string posted for this option; plain for strings, JSON otherwise */
  enc: string;
  label: string;
  hint?: string;
  /** scales only: the value shown in a badge, and the label without a repeated value */
  badge?: string;
  short?: string;
}

export interface Facts {
  schema: SchemaObject;
  stack: readonly string[];
  /** declared or inferred JSON types; empty when nothing is known */
  types: string[];
  options?: Option[];
  /** choices of the items of a multi-select array */
  itemOptions?: Option[];
  /** object alternatives from oneOf/anyOf (raw branch schemas) */
  alternatives?: SchemaObject[];
  arrayKind?: 'list' | 'tuple';
  xWidget?: string;
  truncated?: 'recursion' | 'unresolved' | 'budget' | 'depth';
  depth: number;
  isRoot: boolean;
}

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function encodeOption(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

function makeOptions(values: unknown[], labels: (string | undefined)[], hints: (string | undefined)[]): Option[] {
  return values.map((value, i) => ({
    value,
    enc: encodeOption(value),
    label: labels[i] ?? (typeof value === 'string' ? value : encodeOption(value)),
    hint: hints[i],
  }));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Choices of a node: `enum` (with rjsf `enumNames`), oneOf/anyOf of consts, or a boolean. */
function optionsOf(s: SchemaObject, branches: SchemaObject[] | undefined, types: string[]): Option[] | undefined {
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const names = Array.isArray(s.enumNames) ? s.enumNames.map(str) : [];
    return makeOptions(s.enum, names, []);
  }
  if (branches && branches.length > 0) {
    const consts = branches.map((b) => (hasOwn(b, 'const') ? { v: b.const } : Array.isArray(b.enum) && b.enum.length === 1 ? { v: b.enum[0] } : undefined));
    if (consts.every((c) => c !== undefined)) {
      return makeOptions(consts.map((c) => c!.v), branches.map((b) => str(b.title)), branches.map((b) => str(b.description)));
    }
  }
  if (types.length > 0 && types.every((t) => t === 'boolean' || t === 'null') && types.includes('boolean')) {
    return makeOptions([true, false], [msg('form.yes'), msg('form.no')], []);
  }
  return undefined;
}

function declaredTypes(s: SchemaObject): string[] {
  const t = s.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function inferTypes(s: SchemaObject): string[] {
  const declared = declaredTypes(s);
  if (declared.length > 0) return declared;
  if (isObject(s.properties) || isObject(s.patternProperties) || isObject(s.additionalProperties) || Array.isArray(s.required)) return ['object'];
  if (s.items !== undefined || Array.isArray(s.prefixItems)) return ['array'];
  if (hasOwn(s, 'const')) return [typeOfValue(s.const)];
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map(typeOfValue))];
  return [];
}

function isObjectLike(s: SchemaObject): boolean {
  const t = declaredTypes(s);
  return isObject(s.properties) || (t.length > 0 && t.every((x) => x === 'object'));
}

export function computeFacts(raw: unknown, stack: readonly string[], ref: RefContext, depth: number): Facts {
  const n = normalise(raw, stack, ref);
  let s = n.s;
  const facts: Facts = { schema: s, stack: n.stack, types: [], depth, isRoot: depth === 0, truncated: n.truncated };
  const xw = str(s['x-widget']);
  if (xw) facts.xWidget = xw;
  if (n.truncated) return facts;

  const branchList = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  let branches = branchList?.map((b) => normalise(b, n.stack, ref)).filter((b) => !b.truncated).map((b) => b.s);
  let types = inferTypes(s);
  facts.options = optionsOf(s, branches, types);

  if (!facts.options && branches && branches.length > 0) {
    // nullable written as anyOf [X, {type: null}]: render X
    branches = branches.filter((b) => !(declaredTypes(b).length === 1 && declaredTypes(b)[0] === 'null'));
    if (branches.length === 1) {
      s = { ...s };
      delete s.oneOf;
      delete s.anyOf;
      mergeInto(s, branches[0]);
      facts.schema = s;
      types = inferTypes(s);
      facts.options = optionsOf(s, undefined, types);
    } else if (branches.length > 1 && branches.every(isObjectLike)) {
      facts.alternatives = branches;
      if (types.length === 0) types = ['object'];
    } else if (types.length === 0 && branches.every((b) => !isObject(b.properties) && inferTypes(b).length > 0)) {
      types = [...new Set(branches.flatMap(inferTypes))];
    }
  }
  facts.types = types;

  if (types.includes('array') && types.every((t) => t === 'array' || t === 'null')) {
    if (Array.isArray(s.prefixItems) || Array.isArray(s.items)) facts.arrayKind = 'tuple';
    else {
      facts.arrayKind = 'list';
      const item = normalise(s.items, n.stack, ref);
      if (!item.truncated) {
        const itemBranches = (Array.isArray(item.s.oneOf) ? item.s.oneOf : Array.isArray(item.s.anyOf) ? item.s.anyOf : undefined)
          ?.map((b) => normalise(b, item.stack, ref).s);
        const itemOptions = optionsOf(item.s, itemBranches, inferTypes(item.s).filter((t) => t !== 'boolean'));
        if (itemOptions) facts.itemOptions = itemOptions;
      }
    }
  }
  return facts;
}

export function isPrimitiveTypes(types: string[]): boolean {
  return types.length > 0 && types.every((t) => PRIMITIVES.has(t));
}
