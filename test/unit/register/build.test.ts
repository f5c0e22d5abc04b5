import fc from 'fast-check';
import { buildOrganisation, type BuildResult } from '../../../server/domain/register/build';
import type { FlatOrganisation } from '../../../server/domain/register/fields';
import { flattenOrganisation, formatNpwp, nationalPhone } from '../../../server/domain/register/flatten';
import { recordArbitrary } from './record-arbitrary';

const now = new Date('2025-07-01T05:00:00Z');
const minimal: FlatOrganisation = { nama: 'LKSA Harapan', jenisOrganisasi: 'LKS', jenisPelayanan: 'LKSA', alamat: 'Jl. Raya 1', kecamatan: 'Labuan', kabkota: 'Pandeglang' };
const issues = (r: BuildResult) => (r.ok ? [] : r.issues.map((i) => `${i.field}: ${i.message}`));
const build = (over: FlatOrganisation) => buildOrganisation({ ...minimal, ...over }, { now });

describe('buildOrganisation', () => {
  test('a minimal LKS', () => {
    expect(buildOrganisation(minimal, { now })).toEqual({ ok: true, record: {
      identity: { nama: 'LKSA Harapan', jenisOrganisasi: 'lks', jenisPelayanan: 'lksa_anak', sasaranPmks: [] },
      active: true,
      legal: {},
      location: { alamat: 'Jl. Raya 1', kecamatanCode: '36.01.12', kabkotaCode: '36.01' },
      contact: {},
      people: {},
      accreditation: { status: 'belum' },
    } });
  });

  test('required fields', () => {
    expect(issues(buildOrganisation({}, { now }))).toEqual([
      'nama: Nama Lembaga wajib diisi.', 'jenisOrganisasi: Jenis Organisasi wajib diisi.', 'alamat: Alamat wajib diisi.',
      'kecamatan: Kecamatan wajib diisi.', 'kabkota: Kabupaten/Kota wajib diisi.',
    ]);
  });

  test('jenis pelayanan is required for LKS only', () => {
    expect(issues(build({ jenisPelayanan: '' }))).toEqual(['jenisPelayanan: Jenis pelayanan wajib diisi untuk LKS.']);
    expect(build({ jenisOrganisasi: 'Karang Taruna', jenisPelayanan: '' }).ok).toBe(true);
  });

  test('kecamatan must lie in the kabupaten/kota', () => {
    expect(issues(build({ kecamatan: '36.02.01', kabkota: '36.01' }))).toEqual(['kecamatan: Kecamatan Malingping (36.02.01) tidak berada di Kabupaten Pandeglang.']);
    expect(issues(build({ kecamatan: 'Malingping' }))).toEqual(['kecamatan: Kecamatan "Malingping" tidak ditemukan di Kabupaten Pandeglang.']);
    expect(issues(build({ kecamatan: 'Atlantis', kabkota: '' }))).toEqual(['kecamatan: Kecamatan "Atlantis" tidak dikenal di Provinsi Banten.', 'kabkota: Kabupaten/Kota wajib diisi.']);
    expect(issues(build({ kabkota: 'Serang', kecamatan: 'Ciruas' }))[0]).toMatch(/^kabkota: "Serang" bisa kabupaten atau kota/);
    const byCode = build({ kecamatan: '360412', kabkota: '3604' });
    expect(byCode.ok && byCode.record.location).toEqual({ alamat: 'Jl. Raya 1', kecamatanCode: '36.04.12', kabkotaCode: '36.04' });
  });

  test('accreditation: graded needs a date, validity is computed, ungraded must not carry a date', () => {
    const b = build({ akreditasiStatus: 'B', akreditasiTanggal: '29/02/2024', akreditasiNomor: 'BALKS/1' });
    expect(b.ok && b.record.accreditation).toEqual({ status: 'B', nomorSertifikat: 'BALKS/1', tanggal: '2024-02-29', berlakuSampai: '2027-02-28' });
    const a = build({ akreditasiStatus: 'Terakreditasi A', akreditasiTanggal: '2021-01-10' });
    expect(a.ok && a.record.accreditation.berlakuSampai).toBe('2026-01-10');
    const c = build({ akreditasiStatus: 'c', akreditasiTanggal: '2024-12-31' });
    expect(c.ok && c.record.accreditation.berlakuSampai).toBe('2026-12-31');
    expect(issues(build({ akreditasiStatus: 'A' }))).toEqual(['akreditasiTanggal: Tanggal akreditasi wajib diisi untuk status A.']);
    expect(issues(build({ akreditasiStatus: 'Belum', akreditasiTanggal: '2020-01-01' }))).toEqual(['akreditasiStatus: Nomor atau tanggal akreditasi terisi, tetapi status bukan A, B atau C.']);
    expect(issues(build({ akreditasiStatus: 'X', akreditasiTanggal: '2020-01-01' }))).toHaveLength(1);
  });

  test('dates: not in the future (WIB calendar), tanda daftar end after issue', () => {
    expect(issues(build({ aktaTanggal: '2025-07-02' }))).toEqual(['aktaTanggal: Tanggal tidak boleh setelah hari ini.']);
    expect(build({ aktaTanggal: '2025-07-01' }).ok).toBe(true);
    // 2025-06-30T18:00Z is already 1 July in WIB
    expect(buildOrganisation({ ...minimal, aktaTanggal: '2025-07-01' }, { now: new Date('2025-06-30T18:00:00Z') }).ok).toBe(true);
    expect(issues(build({ tandaDaftarTanggal: '2022-02-14', tandaDaftarBerlaku: '2022-02-13' }))).toEqual(['tandaDaftarBerlaku: Masa berlaku tidak boleh sebelum tanggal terbit.']);
    expect(build({ tandaDaftarBerlaku: '2030-01-01' }).ok).toBe(true); // an end date may be in the future
    expect(issues(build({ tahunBerdiri: '2026' }))).toEqual(['tahunBerdiri: Harus bilangan bulat antara 1900 dan 2025, tanpa titik atau koma.']);
  });

  test('coordinates: both or neither, inside Banten', () => {
    const ok = build({ lintang: '-6,1201', bujur: '106,1503' });
    expect(ok.ok && ok.record.location.koordinat).toEqual({ lat: -6.1201, lon: 106.1503 });
    expect(issues(build({ lintang: '-6.12' }))).toEqual(['bujur: Lintang dan bujur harus diisi berdua.']);
    expect(issues(build({ lintang: '6.12', bujur: '106.15' }))[0]).toMatch(/^lintang: Koordinat berada di luar Provinsi Banten/);
  });

  test('every problem of a row is reported, in field order', () => {
    expect(issues(build({ npwp: '123', email: 'x', telepon: '1', kapasitas: '-1', sasaranPmks: 'Zombie', statusAktif: 'kadang' })).map((i) => i.split(':')[0])).toEqual([
      'sasaranPmks', 'statusAktif', 'npwp', 'telepon', 'email', 'kapasitas',
    ]);
  });

  test('status aktif defaults to active; explicit inactive is kept', () => {
    const inactive = build({ statusAktif: 'Tidak aktif' });
    expect(inactive.ok && inactive.record.active).toBe(false);
  });
});

describe('flatten ↔ build round trip', () => {
  test('formatting helpers', () => {
    expect(formatNpwp('012345678901000')).toBe('01.234.567.8-901.000');
    expect(formatNpwp('3603123456789012')).toBe('3603123456789012');
    expect(nationalPhone('+6281234567890')).toBe('081234567890');
  });
  test('property: build(flatten(record)) gives the record back', () => {
    fc.assert(fc.property(recordArbitrary, (record) => {
      const rebuilt = buildOrganisation(flattenOrganisation(record), { now });
      expect(issues(rebuilt)).toEqual([]);
      if (rebuilt.ok) expect(rebuilt.record).toEqual(record);
    }), { numRuns: 300 });
  });
});
