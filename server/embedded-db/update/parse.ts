/**
 * Validates an update document before any document is touched: known operators, object
 * arguments, valid paths and no two operators targeting overlapping paths (MongoDB's
 * ConflictingUpdateOperators). Yields the update as replacement, operator list or pipeline.
 */
import { CommandError, Codes } from '../errors';
import { Doc, isPlainObject } from '../values/types';
import { ARRAY_OPS } from './array-ops';
import { FIELD_OPS } from './field-ops';
import { identifiersIn, isPositionalPart } from './targets';

export interface OpEntry { op: string; path: string; arg: unknown }

export type ParsedUpdate =
  | { kind: 'replacement'; doc: Doc }
  | { kind: 'operators'; ops: OpEntry[]; identifiers: Set<string> }
  | { kind: 'pipeline'; stages: Doc[] };

export const KNOWN_OPS = new Set([...Object.keys(FIELD_OPS), ...Object.keys(ARRAY_OPS), '$rename']);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

function checkPath(path: string): void {
  if (path === '') throw new CommandError(Codes.EmptyFieldName, 'An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.some((p) => p === '')) {
    throw new CommandError(Codes.EmptyFieldName, `The update path '${path}' contains an empty field name, which is not allowed.`);
  }
  // Other `$`-prefixed names are fields (MongoDB 5.0+); whether one may be stored is decided
  // when the update is applied (apply.ts: on an insert yes, at the top of an existing document no).
  if (parts[0] === '$') throw new CommandError(Codes.BadValue, `Cannot have positional (i.e. '$') element in the first position in path '${path}'`);
  if (isPositionalPart(parts[0])) {
    throw new CommandError(Codes.BadValue, `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`);
  }
  if (parts.filter((p) => p === '$').length > 1) throw new CommandError(Codes.BadValue, `Too many positional (i.e. '$') elements found in path '${path}'`);
}

function overlaps(a: string[], b: string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkConflicts(paths: string[]): void {
  const split = paths.map((p) => p.split('.'));
  for (let i = 0; i < split.length; i++) {
    for (let j = 0; j < i; j++) {
      if (overlaps(split[i], split[j])) {
        const shorter = split[i].length <= split[j].length ? paths[i] : paths[j];
        throw new CommandError(Codes.ConflictingUpdateOperators, `Updating the path '${paths[i]}' would create a conflict at '${shorter}'`);
      }
    }
  }
}

export function parseUpdate(u: unknown): ParsedUpdate {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const keys = isPlainObject(stage) ? Object.keys(stage) : [];
      if (keys.length !== 1 || !PIPELINE_STAGES.has(keys[0])) {
        throw new CommandError(Codes.InvalidOptions, `Invalid update pipeline stage: ${keys[0] ?? typeof stage}; only $addFields, $set, $project, $unset, $replaceRoot and $replaceWith are allowed`);
      }
    }
    return { kind: 'pipeline', stages: u as Doc[] };
  }
  if (!isPlainObject(u)) throw new CommandError(Codes.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  // A replacement's `$`-prefixed top-level fields are refused when it replaces (apply.ts), not when an upsert inserts it.
  if (keys.length === 0 || !keys[0].startsWith('$')) return { kind: 'replacement', doc: u };
  const ops: OpEntry[] = [];
  const targets: string[] = [];
  const identifiers = new Set<string>();
  for (const op of keys) {
    if (!KNOWN_OPS.has(op)) {
      throw new CommandError(Codes.FailedToParse, `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    const arg = u[op];
    if (!isPlainObject(arg)) {
      throw new CommandError(Codes.FailedToParse, `Modifiers operate on fields but we found type ${Array.isArray(arg) ? 'array' : typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${JSON.stringify(arg)}}`);
    }
    for (const path of Object.keys(arg)) {
      checkPath(path);
      ops.push({ op, path, arg: arg[path] });
      targets.push(path);
      identifiersIn(path).forEach((id) => identifiers.add(id));
      if (op === '$rename') {
        const to = arg[path];
        if (typeof to !== 'string') throw new CommandError(Codes.BadValue, `The 'to' field for $rename must be a string: ${path}: ${String(to)}`);
        if (to === path) throw new CommandError(Codes.BadValue, `The source and target field for $rename must differ: ${path}: "${to}"`);
        checkPath(to);
        if (overlaps(path.split('.'), to.split('.'))) {
          throw new CommandError(Codes.BadValue, `The source and target field for $rename must not be on the same path: ${path}: "${to}"`);
        }
        // `$`, `$[]` and `$[id]` parts; other `$` names (`$a`) are fields, refused only if stored at the top level.
        if (path.split('.').some(isPositionalPart)) throw new CommandError(Codes.BadValue, `The source field for $rename may not be dynamic: ${path}`);
        if (to.split('.').some(isPositionalPart)) throw new CommandError(Codes.BadValue, `The destination field for $rename may not be dynamic: ${to}`);
        targets.push(to);
      }
    }
  }
  checkConflicts(targets);
  return { kind: 'operators', ops, identifiers };
}
