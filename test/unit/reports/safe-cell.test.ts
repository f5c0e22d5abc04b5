/**
 * checklist 29: the export's shortcut `safeCell` gives exactly `neutraliseCell`'s answer for
 * every value, including text that starts with spaces (ASCII or Unicode), formula triggers, their
 * full-width forms and plain numbers.
 */
import fc from 'fast-check';
import { safeCell } from '../../../server/domain/reports';
import { neutraliseCell } from '../../../server/domain/register/spreadsheet-safety';

const PREFIXES = ['', ' ', '\u00a0', '\u3000', '\ufeff', '\t', '\r', '\n', '=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20', "'", '"', '1', 'a', 'Z', '(', '%'];

describe('safeCell', () => {
  it('equals neutraliseCell for random text behind any prefix', () => {
    fc.assert(fc.property(fc.constantFrom(...PREFIXES), fc.constantFrom(...PREFIXES), fc.string(), (a, b, rest) => {
      const text = `${a}${b}${rest}`;
      expect(safeCell(text)).toBe(neutraliseCell(text));
    }), { numRuns: 2000 });
  });

  it('leaves numbers, booleans, dates and empty cells alone, and neutralises formulas', () => {
    const date = new Date(0);
    for (const v of [0, -5, 12.5, true, null, undefined, date, '', '-5', '12,5']) expect(safeCell(v)).toBe(v);
    expect(safeCell('=1+2')).toBe("'=1+2");
    expect(safeCell('  @cmd')).toBe("'  @cmd");
    expect(safeCell('Nama lembaga')).toBe('Nama lembaga');
  });
});
