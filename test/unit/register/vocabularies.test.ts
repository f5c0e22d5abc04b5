import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, PENERBIT_TANDA_DAFTAR, SASARAN_PMKS, STATUS_AKREDITASI, STATUS_BADAN_HUKUM,
  type Term, comparableText, labelOf, matchTerm,
} from '../../../server/domain/register/vocabularies';
import { FIELDS, IGNORED_HEADERS, fieldForHeader } from '../../../server/domain/register/fields';

const ALL: [string, readonly Term[]][] = [
  ['jenis organisasi', JENIS_ORGANISASI], ['jenis pelayanan', JENIS_PELAYANAN], ['sasaran PMKS', SASARAN_PMKS],
  ['lokasi', LOKASI_PELAYANAN], ['badan hukum', STATUS_BADAN_HUKUM], ['penerbit', PENERBIT_TANDA_DAFTAR], ['akreditasi', STATUS_AKREDITASI],
];

describe('vocabularies', () => {
  test('the 26 PMKS categories', () => {
    expect(SASARAN_PMKS).toHaveLength(26);
    expect(SASARAN_PMKS[1].label).toBe('Anak Telantar');
    expect(SASARAN_PMKS[25].label).toBe('Komunitas Adat Terpencil');
  });
  test.each(ALL)('%s: no spelling belongs to two terms', (_name, terms) => {
    const owner = new Map<string, string>();
    for (const t of terms) {
      for (const s of new Set([t.code, t.label, ...(t.aliases ?? [])].map(comparableText))) {
        expect(owner.get(s) ?? t.code).toBe(t.code);
        owner.set(s, t.code);
      }
    }
  });
  test('matching ignores case, spacing, punctuation and accents', () => {
    expect(matchTerm(LOKASI_PELAYANAN, 'DALAM-PANTI')?.code).toBe('dalam_panti');
    expect(matchTerm(JENIS_ORGANISASI, ' karang  taruna ')?.code).toBe('karang_taruna');
    expect(matchTerm(STATUS_AKREDITASI, 'b')?.code).toBe('B');
    expect(matchTerm(JENIS_PELAYANAN, 'Lanjut Usía')?.code).toBe('lanjut_usia');
    expect(matchTerm(JENIS_PELAYANAN, '')).toBeUndefined();
    expect(matchTerm(JENIS_PELAYANAN, 'lainnya')).toBeUndefined();
  });
  test('numbers select by position only when asked', () => {
    expect(matchTerm(SASARAN_PMKS, '8', { byNumber: true })?.code).toBe('lanjut_usia_telantar');
    expect(matchTerm(SASARAN_PMKS, '27', { byNumber: true })).toBeUndefined();
    expect(matchTerm(STATUS_AKREDITASI, '1')).toBeUndefined();
    expect(labelOf(LOKASI_PELAYANAN, 'daycare')).toBe('Daycare');
    expect(labelOf(LOKASI_PELAYANAN, 'unknown')).toBe('unknown');
  });
});

describe('import header mapping', () => {
  test('no header spelling maps to two fields, and none is also ignored', () => {
    const owner = new Map<string, string>();
    for (const f of FIELDS) {
      for (const s of new Set([f.header, ...f.aliases].map(comparableText))) {
        expect(owner.get(s) ?? f.key).toBe(f.key);
        owner.set(s, f.key);
      }
    }
    for (const h of IGNORED_HEADERS) expect(owner.has(comparableText(h))).toBe(false);
  });
  test.each(FIELDS.map((f) => [f.header, f.key] as const))('canonical header "%s" → %s', (header, key) => {
    expect(fieldForHeader(header)).toBe(key);
    expect(fieldForHeader(header.toUpperCase())).toBe(key);
    expect(fieldForHeader(header.replace(/[ /]/g, '_').toLowerCase())).toBe(key);
  });
  test('aliases, ignored and unknown headers', () => {
    expect(fieldForHeader('No. HP')).toBe('telepon');
    expect(fieldForHeader('E-mail')).toBe('email');
    expect(fieldForHeader('Kode Kecamatan')).toBe('kecamatan');
    expect(fieldForHeader('Kab/Kota')).toBe('kabkota');
    expect(fieldForHeader('Akta Notaris')).toBe('aktaNomor');
    expect(fieldForHeader('Notaris')).toBe('aktaNotaris');
    expect(fieldForHeader('No.')).toBe('ignored');
    expect(fieldForHeader('Akreditasi Berlaku Sampai')).toBe('ignored');
    expect(fieldForHeader('Catatan')).toBeUndefined();
    expect(fieldForHeader('__proto__')).toBeUndefined();
  });
});
