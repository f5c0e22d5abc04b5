/**
 * Bounded walk over untrusted JSON-like data, run before Ajv sees it. Recursion is safe because
 * the depth limit is checked before descending (at most `maxDepth` frames); the walk stops at the
 * first violation, so hostile input costs at most `maxNodes` steps. Pointers are only built for
 * the violation, keeping the common (valid) case cheap: this runs on every answer save.
 */
export interface JsonLimits {
  maxDepth: number;
  maxNodes: number;
  maxArrayItems: number;
  maxStringLength: number;
  maxKeys?: number;
  /** Approximate serialized size (strings + keys + 8 bytes per scalar/container). */
  maxBytes: number;
}

export interface LimitViolation {
  kind: 'depth' | 'nodes' | 'array' | 'string' | 'keys' | 'size' | 'type';
  /** JSON pointer of the offending value. */
  pointer: string;
  limit: number;
}

interface WalkState { nodes: number; bytes: number; path: string[]; violation: LimitViolation | null }

export function checkJsonLimits(value: unknown, limits: JsonLimits): LimitViolation | null {
  const state: WalkState = { nodes: 0, bytes: 0, path: [], violation: null };
  walk(value, 0, limits, state);
  return state.violation;
}

function fail(state: WalkState, kind: LimitViolation['kind'], limit: number): false {
  state.violation = { kind, limit, pointer: state.path.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('') };
  return false;
}

function walk(v: unknown, depth: number, limits: JsonLimits, state: WalkState): boolean {
  if (++state.nodes > limits.maxNodes) return fail(state, 'nodes', limits.maxNodes);
  if (v === undefined) return true; // an absent answer built in code; JSON never has it
  if (typeof v === 'string') {
    if (v.length > limits.maxStringLength) return fail(state, 'string', limits.maxStringLength);
    state.bytes += v.length + 2;
  } else if (v === null || typeof v === 'number' || typeof v === 'boolean') {
    state.bytes += 8;
  } else if (Array.isArray(v)) {
    if (depth + 1 > limits.maxDepth) return fail(state, 'depth', limits.maxDepth);
    if (v.length > limits.maxArrayItems) return fail(state, 'array', limits.maxArrayItems);
    state.bytes += 8;
    for (let i = 0; i < v.length; i++) {
      state.path.push(String(i));
      if (!walk(v[i], depth + 1, limits, state)) return false;
      state.path.pop();
    }
  } else if (typeof v === 'object') {
    if (depth + 1 > limits.maxDepth) return fail(state, 'depth', limits.maxDepth);
    const keys = Object.keys(v as object);
    if (limits.maxKeys !== undefined && keys.length > limits.maxKeys) return fail(state, 'keys', limits.maxKeys);
    state.bytes += 8;
    for (const k of keys) {
      state.bytes += k.length + 3;
      state.path.push(k);
      if (!walk((v as Record<string, unknown>)[k], depth + 1, limits, state)) return false;
      state.path.pop();
    }
  } else {
    return fail(state, 'type', 0); // functions, symbols, bigint: not JSON
  }
  if (state.bytes > limits.maxBytes) return fail(state, 'size', limits.maxBytes);
  return true;
}

/** Indonesian description of a violation, for admins (definitions) and operators (answers). */
export function describeViolation(v: LimitViolation, subject: string): string {
  switch (v.kind) {
    case 'depth': return `${subject} terlalu dalam (lebih dari ${v.limit} tingkat)`;
    case 'nodes': return `${subject} terlalu besar (lebih dari ${v.limit} elemen)`;
    case 'array': return `${subject} berisi daftar lebih dari ${v.limit} isian`;
    case 'string': return `${subject} berisi teks lebih dari ${v.limit} karakter`;
    case 'keys': return `${subject} berisi objek dengan lebih dari ${v.limit} isian`;
    case 'size': return `${subject} terlalu besar (lebih dari ${Math.round(v.limit / 1024)} KB)`;
    default: return `${subject} berisi nilai yang bukan JSON`;
  }
}
