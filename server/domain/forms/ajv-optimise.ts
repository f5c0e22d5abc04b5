/**
 * Load-time rewrite of the copy Ajv compiles (strict forms only; the stored definition is not
 * touched). A choice list `oneOf: [{const, title}, ...]` means exactly `enum: [consts]` when the
 * consts are distinct, but Ajv evaluates oneOf branch by branch and allocates an error object for
 * every non-matching option: on the LKS instrument that made validation ~7x slower.
 */
import { isPlainObject } from './json-pointer';
import { walkSchemas } from './schema-walk';

const ANNOTATIONS = new Set(['title', 'description', '$comment']);

function constOnly(branch: unknown): branch is { const: string | number | boolean } {
  if (!isPlainObject(branch) || !Object.prototype.hasOwnProperty.call(branch, 'const')) return false;
  const c = branch.const;
  if (typeof c !== 'string' && typeof c !== 'number' && typeof c !== 'boolean') return false;
  return Object.keys(branch).every((k) => k === 'const' || ANNOTATIONS.has(k) || k.startsWith('x-'));
}

/** Mutates `schema` (a private copy) in place. */
export function choiceListsToEnum(schema: Record<string, unknown>): void {
  walkSchemas(schema, ({ schema: s, inCondition }) => {
    if (inCondition || Object.prototype.hasOwnProperty.call(s, 'enum')) return;
    for (const k of ['oneOf', 'anyOf']) {
      const branches = s[k];
      if (!Array.isArray(branches) || branches.length === 0 || !branches.every(constOnly)) continue;
      const values = branches.map((b) => b.const);
      if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) continue;
      delete s[k];
      s.enum = values;
      return;
    }
  });
}
