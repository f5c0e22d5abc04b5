/**
 * Shared fixtures of the fill-area tests: a small instrument (two sections, an evidence question,
 * a conditional group, a repeat group, an evaluator-only item), organisations, users, cycles,
 * and tiny but real PDF/PNG bytes (content sniffing must accept them).
 */
import mongoose from 'mongoose';
import { Cycle } from '../../../server/model/cycle';
import { Organisation } from '../../../server/model/organisation';
import { Instrument } from '../../../server/model/instrument';
import { definitionHash } from '../../../server/model/query/instruments';

export function testDefinition(version = '2026.1', extraTitle = ''): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:monev:form:uji-lks:${version}`,
    'x-monev': {
      id: 'uji-lks', version, title: `Instrumen Uji LKS${extraTitle}`, subjectType: 'LKS',
      grades: [{ grade: 'A', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 71 }, { grade: 'C', label: 'Cukup', min: 56 }, { grade: 'D', label: 'Perlu Pembinaan Intensif', min: 0 }],
    },
    type: 'object',
    additionalProperties: false,
    $defs: {
      skala: { type: 'integer', oneOf: [{ const: 0, title: 'Tidak ada' }, { const: 1, title: 'Kurang' }, { const: 2, title: 'Cukup' }, { const: 3, title: 'Baik' }, { const: 4, title: 'Sangat baik' }] },
    },
    properties: {
      profil: {
        type: 'object', title: 'Profil Lembaga', 'x-order': 0, additionalProperties: false,
        properties: {
          namaLembaga: { type: 'string', title: 'Nama lembaga', maxLength: 200 },
          kapasitas: { type: 'integer', title: 'Kapasitas', minimum: 0, maximum: 10000 },
          layananAnak: { type: 'boolean', title: 'Melayani anak', 'x-widget': 'yesno' },
          pengurus: {
            type: 'array', title: 'Pengurus', maxItems: 10,
            items: { type: 'object', title: 'Pengurus', additionalProperties: false, properties: { nama: { type: 'string', title: 'Nama', maxLength: 100 } } },
          },
        },
        required: ['namaLembaga', 'kapasitas'],
      },
      manajemen: {
        type: 'object', title: 'A. Manajemen', 'x-order': 1, 'x-weight': 100, additionalProperties: false,
        properties: {
          tandaDaftar: {
            $ref: '#/$defs/skala', title: 'Tanda Daftar LKS masih berlaku',
            description: 'Bukti dukung: salinan Tanda Daftar dari Dinas Sosial.',
            'x-score': { points: { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4 } },
            'x-evidence': { min: 1, max: 2, types: ['application/pdf', 'image/png'], maxBytes: 1048576, notRequiredFor: [0] },
          },
          rapat: {
            $ref: '#/$defs/skala', title: 'Rapat pengurus rutin', description: 'Bukti dukung: notulen rapat.',
            'x-score': { points: { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4 } },
          },
          modulAnak: {
            type: 'object', title: 'Modul anak', additionalProperties: false,
            'x-visibleIf': { type: 'object', required: ['profil'], properties: { profil: { type: 'object', required: ['layananAnak'], properties: { layananAnak: { const: true } } } } },
            properties: {
              asesmen: { $ref: '#/$defs/skala', title: 'Asesmen anak', description: 'Bukti dukung: berkas asesmen.', 'x-score': { points: { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4 } } },
            },
          },
          kunjungan: {
            $ref: '#/$defs/skala', title: 'Hasil kunjungan evaluator', description: 'Diisi evaluator saat visitasi.', 'x-evaluatorOnly': true,
            'x-score': { points: { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4 } },
          },
        },
        required: ['tandaDaftar', 'rapat'],
      },
    },
    required: ['profil', 'manajemen'],
  };
}

/** Stores the test definition as a published instrument (as an admin would after upload). */
export async function publishTestInstrument(version = '2026.1'): Promise<void> {
  const definitionJson = JSON.stringify(testDefinition(version));
  await Instrument.create({
    formId: 'uji-lks', version, title: 'Instrumen Uji LKS', subjectType: 'LKS', status: 'published',
    definitionJson, hash: definitionHash(definitionJson), publishedAt: new Date(), publishedBy: 'test',
  });
}

export async function createOrganisation(nama: string, kabkotaCode: string, extra: { jenis?: string; jenisPelayanan?: string; active?: boolean } = {}): Promise<string> {
  const org = await Organisation.create({
    identity: { nama, jenisOrganisasi: extra.jenis ?? 'lks', jenisPelayanan: extra.jenisPelayanan ?? 'lksa_anak' },
    active: extra.active ?? true,
    location: { alamat: 'Jl. Uji 1', kecamatanCode: `${kabkotaCode}.01`, kabkotaCode },
  });
  return String(org._id);
}

const DAY = 24 * 3600 * 1000;

export async function createCycle(fields: { name?: string; opensAt?: Date; closesAt?: Date; status?: 'draft' | 'open'; version?: string } = {}): Promise<string> {
  const cycle = await Cycle.create({
    name: fields.name ?? 'Monev Uji 2026', year: 2026, formId: 'uji-lks', formVersion: fields.version ?? '2026.1', subjectType: 'LKS',
    opensAt: fields.opensAt ?? new Date(Date.now() - DAY), closesAt: fields.closesAt ?? new Date(Date.now() + 30 * DAY), status: fields.status ?? 'draft',
  });
  return String(cycle._id);
}

export const ids = { object: () => String(new mongoose.Types.ObjectId()) };

/** A minimal valid PDF (starts with %PDF-). */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** A 1x1 PNG. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const HTML_BYTES = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
