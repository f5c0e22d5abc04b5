/** The pattern screen: safe-regex2 plus our bounded-nesting, alternation and back-reference rules. */
import { patternProblem } from '../../../server/domain/forms';

test.each([
  '^[0-9]{15,16}$', '^(\\+62|0)[0-9]{8,13}$', '\\d+', '^\\d{5}(?:[-\\s]\\d{4})?$', '[0-9]{5}(-[0-9]{4})?',
  '^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$', '^(a|b|c)*$', '^[\\p{L} .\'-]+$', '^(?<kode>[A-Z]{3})-\\d{4}$', '^(?:\\d{2}\\.){3}\\d{3}$',
  // jsonforms "huge": optional groups around variable parts, never repeated
  '^(A?[\\+-]\\d{4}(-\\d{2})?(-\\d{2})?T?(\\d{2})?(:\\d{2})?(:\\d{2})?([\\+-]\\d{2}(:\\d{2})?|Z)?)|(P(\\d{0,4}Y)?(\\d{0,4}M)?(\\d{0,4}D)?(T(\\d{0,4}H)?(\\d{0,4}M)?(\\d{0,4}S)?)?)$',
])('accepted: %s', (pattern) => {
  expect(patternProblem(pattern)).toBeNull();
});

test.each([
  ['^(a+)+$', 'kuantifier bersarang'],
  ['^(a*)*$', 'kuantifier bersarang'],
  ['(a?){30}a{30}', 'kuantifier bersarang'],
  ['^([a-z]+\\.)*$', 'kuantifier bersarang'],
  ['^(a|aa)+$', 'alternatif yang dapat cocok'],
  ['(a|a)*b', 'alternatif yang dapat cocok'], // missed by safe-regex2 alone
  ['(\\w)\\1', 'back-reference'],
  ['(?<x>a)\\k<x>', 'back-reference'],
  ['[', 'tidak valid'],
  ['a{2,1}', 'tidak valid'],
])('rejected: %s (%s)', (pattern, reason) => {
  expect(patternProblem(pattern)).toContain(reason);
});

test('length cap', () => {
  expect(patternProblem('a'.repeat(257))).toContain('terlalu panjang');
  expect(patternProblem('a'.repeat(256))).toBeNull();
});
