/**
 * Turns an update path into the concrete paths it addresses in one document: `$` becomes the
 * array position the query matched, `$[]` every position, `$[id]` the positions whose element
 * satisfies the array filter `id`. Also the container walking shared by all operators.
 */
import { CommandError, Codes } from '../errors';
import { compileFilter, Predicate } from '../query/matcher';
import { positionalMatch } from '../query/positional';
import { formatValue } from '../storage/dup-key';
import { fieldOf, setField } from '../values/fields';
import { getPath } from '../values/paths';
import { Doc, isPlainObject } from '../values/types';

export interface ArrayFilters { byId: Map<string, Predicate>; used: Set<string> }

export function parseArrayFilters(raw: unknown): ArrayFilters {
  const byId = new Map<string, Predicate>();
  if (raw === undefined || raw === null) return { byId, used: new Set() };
  if (!Array.isArray(raw)) throw new CommandError(Codes.TypeMismatch, 'arrayFilters must be an array');
  for (const f of raw) {
    if (!isPlainObject(f) || Object.keys(f).length === 0) throw new CommandError(Codes.FailedToParse, 'Cannot use an expression without a top-level field name in arrayFilters');
    const ids = new Set(Object.keys(f).map((k) => k.split('.')[0]));
    if (ids.size !== 1) {
      const [a, b] = Array.from(ids);
      throw new CommandError(Codes.FailedToParse, `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${a}' and '${b}'`);
    }
    const id = ids.values().next().value as string;
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw new CommandError(Codes.BadValue, `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`);
    }
    if (byId.has(id)) throw new CommandError(Codes.FailedToParse, `Found multiple array filters with the same top-level field name ${id}`);
    const pred = compileFilter(f as Doc);
    byId.set(id, (elem) => pred({ [id]: elem }));
  }
  return { byId, used: new Set() };
}

export interface TargetContext {
  filter: Doc;
  arrayFilters: ArrayFilters;
  /** The document as the query matched it: `$` is the position matched there, before any operator ran. */
  original?: Doc;
}

function childOf(v: unknown, part: string): unknown {
  if (Array.isArray(v)) return /^\d+$/.test(part) ? v[Number(part)] : undefined;
  return isPlainObject(v) ? fieldOf(v, part) : undefined;
}

/**
 * `$`, `$[]` and `$[id]` address array elements; any other part, `$each` or `$myKey` included, is
 * a field name (MongoDB 5.0+ stores such names).
 */
export function isPositionalPart(part: string): boolean {
  return part === '$' || (part.startsWith('$[') && part.endsWith(']'));
}

/** Concrete paths (as part lists) that `path` addresses in `doc`. */
export function expandPath(doc: Doc, path: string, ctx: TargetContext): string[][] {
  const parts = path.split('.');
  if (!parts.some(isPositionalPart)) return [parts];
  let results: Array<{ parts: string[]; value: unknown }> = [{ parts: [], value: doc }];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next: Array<{ parts: string[]; value: unknown }> = [];
    for (const r of results) {
      if (!isPositionalPart(part)) {
        next.push({ parts: [...r.parts, part], value: childOf(r.value, part) });
        continue;
      }
      if (!Array.isArray(r.value)) {
        if (part === '$') throw positionalNotFound();
        if (r.value === undefined) {
          throw new CommandError(Codes.BadValue, `The path '${r.parts.join('.')}' must exist in the document in order to apply array updates.`);
        }
        throw new CommandError(Codes.BadValue, `Cannot apply array updates to non-array element ${r.parts[r.parts.length - 1]}: ${formatValue(r.value)}`);
      }
      const arr = r.value;
      if (part === '$') {
        const prefix = parts.slice(0, i).join('.');
        const matched = ctx.original ? getPath(ctx.original, prefix) : arr;
        const idx = Array.isArray(matched) ? positionalMatch(ctx.original ?? doc, prefix, matched, ctx.filter) : -1;
        if (idx < 0) throw positionalNotFound();
        next.push({ parts: [...r.parts, String(idx)], value: arr[idx] });
      } else if (part === '$[]') {
        arr.forEach((v, idx) => next.push({ parts: [...r.parts, String(idx)], value: v }));
      } else {
        const m = /^\$\[([^\]]*)\]$/.exec(part);
        if (!m) throw new CommandError(Codes.BadValue, `Unknown positional operator '${part}' in path '${path}'`);
        const pred = ctx.arrayFilters.byId.get(m[1]);
        if (!pred) throw new CommandError(Codes.BadValue, `No array filter found for identifier '${m[1]}' in path '${path}'`);
        ctx.arrayFilters.used.add(m[1]);
        arr.forEach((v, idx) => { if (pred(v)) next.push({ parts: [...r.parts, String(idx)], value: v }); });
      }
    }
    results = next;
  }
  return results.map((r) => r.parts);
}

function positionalNotFound(): CommandError {
  return new CommandError(Codes.BadValue, 'The positional operator did not find the match needed from the query.');
}

/** Identifiers a path uses (`$[x]`), so unused array filters can be reported. */
export function identifiersIn(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(/\$\[([^\]]+)\]/g)) out.push(m[1]);
  return out;
}

/**
 * The container holding the last part of `parts`, creating missing objects on the way when
 * `create`; undefined when absent and not created. Walking into a scalar is PathNotViable.
 */
export function parentOf(doc: Doc, parts: string[], create: boolean): Doc | unknown[] | undefined {
  let node: Doc | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    let next: unknown;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) {
        if (!create) return undefined;
        throw new CommandError(Codes.PathNotViable, `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${formatValue(node)}}`);
      }
      next = node[Number(part)];
    } else next = fieldOf(node, part);
    if (next === undefined || next === null) {
      if (!create) return undefined;
      if (next === null) {
        throw new CommandError(Codes.PathNotViable, `Cannot create field '${parts[i + 1]}' in element {${part}: null}`);
      }
      const fresh: Doc = {};
      if (Array.isArray(node)) setIndex(node, Number(part), fresh);
      else setField(node, part, fresh);
      next = fresh;
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return undefined;
      throw new CommandError(Codes.PathNotViable, `Cannot create field '${parts[i + 1]}' in element {${part}: ${formatValue(next)}}`);
    }
    node = next as Doc | unknown[];
  }
  return node;
}

/** Sets an array position, padding with nulls like MongoDB. */
export function setIndex(arr: unknown[], idx: number, value: unknown): void {
  while (arr.length < idx) arr.push(null);
  arr[idx] = value;
}
