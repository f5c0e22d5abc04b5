/** fast-check generator of valid register records (shared by the round-trip tests). */
import fc from 'fast-check';
import { KABKOTA, kecamatanOf } from '../../../server/data/regions';
import type { OrganisationRecord } from '../../../server/domain/register/record';
import { accreditationValidUntil, addYears } from '../../../server/domain/register/validity';
import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, PENERBIT_TANDA_DAFTAR, SASARAN_PMKS, STATUS_AKREDITASI, STATUS_BADAN_HUKUM,
} from '../../../server/domain/register/vocabularies';

const codes = <T extends { code: string }>(terms: readonly T[]) => terms.map((t) => t.code as T['code']);
const words = fc.array(fc.constantFrom('Panti', 'Asuhan', 'Harapan', 'Kasih', "Al-Ikhlas", 'Bunda', '"Mulia"', '=SUM(A1)', '+62', '@home', '-', 'Jl.', 'No. 5,'), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const isoDate = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2025-06-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const count = fc.integer({ min: 0, max: 100_000 });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
const maybeObject = <T extends object>(o: T) => (Object.keys(compact(o)).length > 0 ? compact(o) : undefined);

export const recordArbitrary: fc.Arbitrary<OrganisationRecord> = fc
  .record({
    kab: fc.constantFrom(...KABKOTA),
    kecIndex: fc.nat(),
    nama: words,
    namaYayasan: opt(words),
    jenisOrganisasi: fc.constantFrom(...codes(JENIS_ORGANISASI)),
    jenisPelayanan: fc.constantFrom(...codes(JENIS_PELAYANAN)),
    sasaran: fc.uniqueArray(fc.constantFrom(...codes(SASARAN_PMKS)), { maxLength: 5 }),
    lokasi: opt(fc.constantFrom(...codes(LOKASI_PELAYANAN))),
    tahun: opt(fc.integer({ min: 1900, max: 2025 })),
    active: fc.boolean(),
    badanHukum: opt(fc.constantFrom(...codes(STATUS_BADAN_HUKUM))),
    akta: fc.record({ nomor: opt(fc.stringMatching(/^[0-9]{1,4}$/)), tanggal: opt(isoDate), notaris: opt(words) }),
    sk: opt(fc.stringMatching(/^AHU-[0-9]{7}\.AH\.01\.04$/)),
    npwp: opt(fc.oneof(fc.stringMatching(/^[0-9]{15}$/), fc.stringMatching(/^[0-9]{16}$/))),
    td: fc.record({ nomor: opt(fc.stringMatching(/^460\/[0-9]{1,4}\/Dinsos$/)), tanggal: opt(isoDate), penerbit: opt(fc.constantFrom(...codes(PENERBIT_TANDA_DAFTAR))), tambahTahun: opt(fc.integer({ min: 0, max: 10 })) }),
    alamat: words,
    desa: opt(words),
    koordinat: opt(fc.record({ lat: fc.integer({ min: -70000, max: -58000 }).map((n) => n / 10000), lon: fc.integer({ min: 1051000, max: 1067000 }).map((n) => n / 10000) })),
    ketua: opt(words),
    telepon: opt(fc.stringMatching(/^8[1-9][0-9]{7,9}$/).map((n) => `+62${n}`)),
    email: opt(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}@[a-z]{2,8}\.(id|com|co\.id)$/)),
    people: fc.record({ kapasitas: opt(count), l: opt(count), p: opt(count), pengurus: opt(count), staf: opt(count), peksos: opt(count) }),
    akr: fc.constantFrom(...codes(STATUS_AKREDITASI)),
    akrNomor: opt(fc.stringMatching(/^BALKS\/[0-9]{4}\/[0-9]{3}$/)),
    akrTanggal: isoDate,
  })
  .map((r): OrganisationRecord => {
    const kecamatan = kecamatanOf(r.kab.kode);
    const graded = r.akr === 'A' || r.akr === 'B' || r.akr === 'C';
    const tdBerlaku = r.td.tanggal && r.td.tambahTahun !== undefined ? addYears(r.td.tanggal, r.td.tambahTahun) : undefined;
    return {
      identity: compact({
        nama: r.nama, namaYayasan: r.namaYayasan, jenisOrganisasi: r.jenisOrganisasi,
        jenisPelayanan: r.jenisOrganisasi === 'lks' ? r.jenisPelayanan : undefined,
        sasaranPmks: r.sasaran, lokasiPelayanan: r.lokasi, tahunBerdiri: r.tahun,
      }),
      active: r.active,
      legal: compact({
        statusBadanHukum: r.badanHukum,
        aktaNotaris: maybeObject({ nomor: r.akta.nomor, tanggal: r.akta.tanggal, notaris: r.akta.notaris }),
        skKemenkumham: r.sk,
        npwp: r.npwp,
        tandaDaftar: maybeObject({ nomor: r.td.nomor, tanggalTerbit: r.td.tanggal, penerbit: r.td.penerbit, berlakuSampai: tdBerlaku }),
      }),
      location: compact({
        alamat: r.alamat, desaKelurahan: r.desa, kecamatanCode: kecamatan[r.kecIndex % kecamatan.length].kode, kabkotaCode: r.kab.kode, koordinat: r.koordinat,
      }),
      contact: compact({ ketua: r.ketua, telepon: r.telepon, email: r.email }),
      people: compact({
        kapasitas: r.people.kapasitas, penerimaManfaatL: r.people.l, penerimaManfaatP: r.people.p,
        jumlahPengurus: r.people.pengurus, jumlahStaf: r.people.staf, pekerjaSosialBersertifikat: r.people.peksos,
      }),
      accreditation: compact({
        status: r.akr,
        nomorSertifikat: graded ? r.akrNomor : undefined,
        tanggal: graded ? r.akrTanggal : undefined,
        berlakuSampai: graded ? accreditationValidUntil(r.akr, r.akrTanggal) : undefined,
      }),
    };
  });
