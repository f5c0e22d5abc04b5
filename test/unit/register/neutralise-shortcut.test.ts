/**
 * checklist 29: `neutraliseCell`'s shortcut (text starting with an ASCII letter or digit is left
 * as it is, unchecked) gives exactly the rule's answer for every value, including text that
 * starts with spaces (ASCII or Unicode), formula triggers, their full-width forms and plain
 * numbers. The rule is written out here plainly, without the shortcut.
 */
import fc from 'fast-check';
import { neutraliseCell, type ExportCell } from '../../../server/domain/register/spreadsheet-safety';

/** The rule of spreadsheet-safety.ts, checked in full for every text. */
function rule(value: ExportCell): ExportCell {
  if (typeof value !== 'string') return value;
  if (/^-?\d+([.,]\d+)?$/.test(value)) return value;
  return /^[\s]*[=+\-@\t\r\n]/.test(value) || /^[\s]*[\uff1d\uff0b\uff0d\uff20]/.test(value) ? `'${value}` : value;
}

const PREFIXES = ['', ' ', '\u00a0', '\u3000', '\ufeff', '\t', '\r', '\n', '=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20', "'", '"', '1', 'a', 'Z', '(', '%'];

describe('neutraliseCell', () => {
  it('equals the plain rule for random text behind any prefix', () => {
    fc.assert(fc.property(fc.constantFrom(...PREFIXES), fc.constantFrom(...PREFIXES), fc.string(), (a, b, rest) => {
      const text = `${a}${b}${rest}`;
      expect(neutraliseCell(text)).toBe(rule(text));
    }), { numRuns: 2000 });
  });

  it('leaves numbers, booleans, dates and empty cells alone, and neutralises formulas', () => {
    const date = new Date(0);
    for (const v of [0, -5, 12.5, true, null, undefined, date, '', '-5', '12,5']) expect(neutraliseCell(v)).toBe(v);
    expect(neutraliseCell('=1+2')).toBe("'=1+2");
    expect(neutraliseCell('  @cmd')).toBe("'  @cmd");
    expect(neutraliseCell('Nama lembaga')).toBe('Nama lembaga');
  });
});
