/**
 * Hard limits. Definitions are admin-uploaded code for Ajv and answers come from any operator, so
 * every walk over them is bounded before Ajv sees them (SECURITY-CHECKLIST 21-24).
 */
export const DEFINITION_LIMITS = {
  maxBytes: 512 * 1024,
  maxDepth: 32,
  /** Nodes of the JSON tree; a 512 KB document cannot legitimately need more. */
  maxNodes: 100_000,
  maxPatternLength: 256,
  /** `uniqueItems` is O(n²) for non-scalar items; only small arrays may ask for it. */
  maxUniqueItems: 100,
  /** Largest `maxItems` an answer array may declare. */
  maxArrayItems: 1000,
  /** Arrays inside the definition itself (e.g. an option list of every desa in Banten, ~1 550). */
  maxJsonArrayItems: 5000,
  maxStringLength: 20_000,
  maxProblems: 100,
} as const;

export const ANSWER_LIMITS = {
  maxBytes: 512 * 1024,
  maxDepth: 32,
  maxNodes: 20_000,
  maxArrayItems: 1000,
  /** Foreign schemas may use `uniqueItems` on unbounded arrays: their answers get a tighter cap. */
  maxArrayItemsForeign: 200,
  maxStringLength: 20_000,
  maxKeys: 1000,
  maxErrors: 50,
} as const;

/** Formats our own instruments may use; each is a function or a regex vetted in the tests. */
export const STRICT_FORMATS = ['date', 'time', 'date-time', 'email', 'uuid'] as const;

/** Keywords a strict definition must not contain, with the reason shown to the admin. */
export const FORBIDDEN_KEYWORDS: Record<string, string> = {
  $data: '$data (referensi nilai jawaban di dalam skema) tidak diizinkan',
  $async: '$async (validasi asinkron) tidak diizinkan',
  $dynamicRef: '$dynamicRef tidak diizinkan',
  $dynamicAnchor: '$dynamicAnchor tidak diizinkan',
  $recursiveRef: '$recursiveRef tidak diizinkan',
  $recursiveAnchor: '$recursiveAnchor tidak diizinkan',
  $anchor: '$anchor tidak diizinkan; gunakan $ref "#/$defs/..."',
};
