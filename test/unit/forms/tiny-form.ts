/** A minimal strict definition for focused tests; `patch` edits a deep copy before loading. */
import { checkDefinition, type CheckResult, type LoadedForm } from '../../../server/domain/forms';

export function tinyDefinition(): any {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:monev:form:uji-mini:1',
    'x-monev': {
      id: 'uji-mini', version: '1', title: 'Uji mini', subjectType: 'PSM',
      grades: [{ grade: 'A', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 0 }],
    },
    type: 'object',
    additionalProperties: false,
    properties: {
      satu: {
        type: 'object', title: 'Bagian satu', additionalProperties: false, 'x-weight': 1,
        properties: {
          nilai: {
            type: 'string', title: 'Nilai', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }, { const: 'c', title: 'C' }, { const: 'na', title: 'Tidak berlaku' }],
            'x-score': { points: { a: 86, b: 85.99, c: 100 }, notApplicable: ['na'] },
          },
        },
        required: ['nilai'],
      },
      dua: {
        type: 'object', title: 'Bagian dua', additionalProperties: false, 'x-weight': 3,
        properties: {
          angka: { type: 'integer', title: 'Angka', minimum: 0, maximum: 100, 'x-score': { bands: [{ max: 50, points: 0 }, { min: 50, points: 10 }] } },
        },
        required: ['angka'],
      },
    },
    required: ['satu', 'dua'],
  };
}

export function checkTiny(patch: (d: any) => void = () => undefined): CheckResult {
  const d = tinyDefinition();
  patch(d);
  return checkDefinition(d);
}

export function tinyForm(patch?: (d: any) => void): LoadedForm {
  const r = checkTiny(patch);
  if (!r.definition) throw new Error(JSON.stringify(r.problems));
  return r.definition;
}
