/**
 * Bounded, iterative walk over untrusted JSON-like data (no recursion, so a 100 000-level nesting
 * cannot overflow the stack; stops at the first violation, so hostile input costs at most
 * `maxNodes` steps). Used for definitions before Ajv compiles them and for answers before Ajv
 * validates them.
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

export function checkJsonLimits(value: unknown, limits: JsonLimits): LimitViolation | null {
  const stack: Array<{ v: unknown; depth: number; pointer: string }> = [{ v: value, depth: 0, pointer: '' }];
  let nodes = 0;
  let bytes = 0;
  while (stack.length > 0) {
    const { v, depth, pointer } = stack.pop() as { v: unknown; depth: number; pointer: string };
    if (++nodes > limits.maxNodes) return { kind: 'nodes', pointer, limit: limits.maxNodes };
    if (v === undefined) continue; // an absent answer built in code; JSON never has it
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return { kind: 'string', pointer, limit: limits.maxStringLength };
      bytes += v.length + 2;
    } else if (v === null || typeof v === 'number' || typeof v === 'boolean') {
      bytes += 8;
    } else if (Array.isArray(v)) {
      if (depth + 1 > limits.maxDepth) return { kind: 'depth', pointer, limit: limits.maxDepth };
      if (v.length > limits.maxArrayItems) return { kind: 'array', pointer, limit: limits.maxArrayItems };
      bytes += 8;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, pointer: `${pointer}/${i}` });
    } else if (typeof v === 'object') {
      if (depth + 1 > limits.maxDepth) return { kind: 'depth', pointer, limit: limits.maxDepth };
      const keys = Object.keys(v as object);
      if (limits.maxKeys !== undefined && keys.length > limits.maxKeys) return { kind: 'keys', pointer, limit: limits.maxKeys };
      bytes += 8;
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        bytes += k.length + 3;
        stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, pointer: `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      }
    } else {
      // functions, symbols, bigint: not JSON.
      return { kind: 'type', pointer, limit: 0 };
    }
    if (bytes > limits.maxBytes) return { kind: 'size', pointer, limit: limits.maxBytes };
  }
  return null;
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
