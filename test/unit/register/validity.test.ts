import { accreditationValidUntil, addYears, currentAccreditation, tandaDaftarValid, wibDate } from '../../../server/domain/register/validity';

describe('accreditation validity (A +5, B +3, C +2 years)', () => {
  test.each([
    ['A', '2021-08-17', '2026-08-17'], ['B', '2021-08-17', '2024-08-17'], ['C', '2021-08-17', '2023-08-17'],
    ['A', '2020-02-29', '2025-02-28'], ['B', '2024-02-29', '2027-02-28'], ['C', '2022-12-31', '2024-12-31'],
  ] as const)('%s from %s → %s', (status, tanggal, until) => {
    expect(accreditationValidUntil(status, tanggal)).toBe(until);
  });
  test('no end date without a grade or a date', () => {
    expect(accreditationValidUntil('belum', '2021-01-01')).toBeUndefined();
    expect(accreditationValidUntil('proses', '2021-01-01')).toBeUndefined();
    expect(accreditationValidUntil('A', undefined)).toBeUndefined();
  });
  test('addYears keeps the day except 29 February', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('1999-01-31', 1)).toBe('2000-01-31');
  });
  test('current grade holds through its last day', () => {
    const rec = { accreditation: { status: 'B' as const, tanggal: '2021-08-17', berlakuSampai: '2024-08-17' } };
    expect(currentAccreditation(rec, '2024-08-17')).toBe('B');
    expect(currentAccreditation(rec, '2024-08-18')).toBeNull();
    expect(currentAccreditation({ accreditation: { status: 'proses' } }, '2024-01-01')).toBeNull();
  });
});

describe('tanda daftar validity (the knock-out prerequisite)', () => {
  test('needs a number; an end date must not have passed', () => {
    expect(tandaDaftarValid({ legal: {} }, '2025-07-01')).toBe(false);
    expect(tandaDaftarValid({ legal: { tandaDaftar: { nomor: '460/1' } } }, '2025-07-01')).toBe(true);
    expect(tandaDaftarValid({ legal: { tandaDaftar: { nomor: '460/1', berlakuSampai: '2025-07-01' } } }, '2025-07-01')).toBe(true);
    expect(tandaDaftarValid({ legal: { tandaDaftar: { nomor: '460/1', berlakuSampai: '2025-06-30' } } }, '2025-07-01')).toBe(false);
    expect(tandaDaftarValid({ legal: { tandaDaftar: { berlakuSampai: '2030-01-01' } } }, '2025-07-01')).toBe(false);
  });
  test('today is the WIB calendar date', () => {
    expect(wibDate(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(wibDate(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
  });
});
