import {
  KABKOTA, KECAMATAN, PROVINSI, findKabkota, findKecamatan, kabkotaByCode, kabkotaLabel, kecamatanBelongsTo, kecamatanByCode,
  kecamatanOf, normaliseRegionCode, regionLabel,
} from '../../../server/data/regions';

describe('Banten region data', () => {
  test('8 kabupaten/kota and 155 kecamatan, each kabkota with its declared number of kecamatan', () => {
    expect(PROVINSI).toEqual({ kode: '36', nama: 'Banten' });
    expect(KABKOTA).toHaveLength(8);
    expect(KECAMATAN).toHaveLength(155);
    for (const k of KABKOTA) expect(kecamatanOf(k.kode)).toHaveLength(k.jumlahKecamatan);
    expect(KABKOTA.reduce((n, k) => n + k.jumlahKecamatan, 0)).toBe(155);
  });
  test('codes are unique, well formed, and every kecamatan code starts with its kabkota code', () => {
    expect(new Set(KECAMATAN.map((k) => k.kode)).size).toBe(155);
    for (const k of KABKOTA) expect(k.kode).toMatch(/^36\.\d{2}$/);
    for (const k of KECAMATAN) expect(k.kode.startsWith(`${k.kabkota}.`)).toBe(true);
  });
  test('kecamatan names are unique inside each kabupaten/kota (name lookup relies on it)', () => {
    for (const k of KABKOTA) {
      const names = kecamatanOf(k.kode).map((x) => x.nama.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });
  test('the data is frozen', () => {
    expect(Object.isFrozen(KABKOTA)).toBe(true);
    expect(Object.isFrozen(KECAMATAN[0])).toBe(true);
  });
});

describe('lookups', () => {
  test('code normalisation', () => {
    expect(normaliseRegionCode('3601')).toBe('36.01');
    expect(normaliseRegionCode(' 360112 ')).toBe('36.01.12');
    expect(normaliseRegionCode('36.01.12')).toBe('36.01.12');
    expect(normaliseRegionCode('36-01')).toBeNull();
    expect(normaliseRegionCode('36011')).toBeNull();
  });
  test('by code', () => {
    expect(kabkotaByCode('36.74')?.nama).toBe('Tangerang Selatan');
    expect(kabkotaByCode('3602')?.nama).toBe('Lebak');
    expect(kabkotaByCode('36.05')).toBeUndefined();
    expect(kecamatanByCode('36.01.12')).toEqual({ kode: '36.01.12', nama: 'Labuan', kabkota: '36.01' });
    expect(kecamatanByCode('36.03.21')).toBeUndefined(); // a gap in the official numbering
    expect(kecamatanOf('99.99')).toEqual([]);
  });
  test('belongs to', () => {
    expect(kecamatanBelongsTo('36.01.12', '36.01')).toBe(true);
    expect(kecamatanBelongsTo('360112', '3601')).toBe(true);
    expect(kecamatanBelongsTo('36.01.12', '36.02')).toBe(false);
    expect(kecamatanBelongsTo('36.01.99', '36.01')).toBe(false);
    expect(kecamatanBelongsTo('36.01.12', '36.99')).toBe(false);
  });
  test('labels and kabkota by name', () => {
    expect(kabkotaLabel(kabkotaByCode('36.71')!)).toBe('Kota Tangerang');
    expect(findKabkota('Kabupaten Tangerang')).toEqual({ found: kabkotaByCode('36.03') });
    expect(findKabkota('Kab. Serang')).toEqual({ found: kabkotaByCode('36.04') });
    expect(findKabkota('KOTA SERANG')).toEqual({ found: kabkotaByCode('36.73') });
    expect(findKabkota('tangerang selatan')).toEqual({ found: kabkotaByCode('36.74') });
    expect(findKabkota('Lebak')).toEqual({ found: kabkotaByCode('36.02') });
    expect(findKabkota('Tangerang')).toEqual({ problem: 'ambiguous' });
    expect(findKabkota('Bogor')).toEqual({ problem: 'unknown' });
    expect(findKabkota('  ')).toEqual({ problem: 'unknown' });
  });
  test('kecamatan by name, inside a kabkota or province-wide', () => {
    expect(findKecamatan('Cibeber', '36.72')).toEqual({ found: kecamatanByCode('36.72.01') });
    expect(findKecamatan('Kec. Cibeber', '36.02')).toEqual({ found: kecamatanByCode('36.02.19') });
    expect(findKecamatan('Cibeber')).toEqual({ problem: 'ambiguous' });
    expect(findKecamatan('Labuan')).toEqual({ found: kecamatanByCode('36.01.12') });
    expect(findKecamatan('Labuan', '36.02')).toEqual({ problem: 'unknown' });
    expect(findKecamatan('Pasar Kemis', '36.03')).toEqual({ found: kecamatanByCode('36.03.12') });
    expect(findKecamatan('pasarkemis', '36.03')).toEqual({ found: kecamatanByCode('36.03.12') });
  });
  test('regionLabel: one label per code; a kabupaten and a kota of the same name are told apart', () => {
    expect(regionLabel('36.03')).toBe('Kabupaten Tangerang');
    expect(regionLabel('3671')).toBe('Kota Tangerang');
    expect(regionLabel('36.04')).toBe('Kabupaten Serang');
    expect(regionLabel('36.73')).toBe('Kota Serang');
    expect(regionLabel('36.01.12')).toBe('Kecamatan Labuan, Kabupaten Pandeglang');
    const labels = KABKOTA.map((k) => regionLabel(k.kode));
    expect(new Set(labels).size).toBe(8);
    for (const l of labels) expect(l).toMatch(/^(Kabupaten|Kota) /);
    for (const unknown of ['36.99', '', null, undefined, 'KARANG_TARUNA']) expect(regionLabel(unknown)).toBe('Wilayah tidak dikenal');
  });
});
