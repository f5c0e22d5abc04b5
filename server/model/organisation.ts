/**
 * The organisation register (LKS, Karang Taruna, TKSK, PSM). The document mirrors the pure
 * `OrganisationRecord` (server/domain/register/record.ts): validation happens there; this schema
 * only stores it. `location.kabkotaCode` is what evaluator scoping filters on.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const organisationSchema = new Schema({
  identity: {
    nama: { type: String, required: true, trim: true },
    namaYayasan: String,
    jenisOrganisasi: { type: String, required: true },
    jenisPelayanan: String,
    sasaranPmks: { type: [String], default: [] },
    lokasiPelayanan: String,
    tahunBerdiri: Number,
  },
  active: { type: Boolean, default: true },
  legal: {
    statusBadanHukum: String,
    aktaNotaris: { nomor: String, tanggal: String, notaris: String },
    skKemenkumham: String,
    npwp: String,
    tandaDaftar: { nomor: String, tanggalTerbit: String, penerbit: String, berlakuSampai: String },
  },
  location: {
    alamat: { type: String, required: true },
    desaKelurahan: String,
    kecamatanCode: { type: String, required: true },
    kabkotaCode: { type: String, required: true },
    koordinat: { lat: Number, lon: Number },
  },
  contact: { ketua: String, telepon: String, email: String },
  people: {
    kapasitas: Number, penerimaManfaatL: Number, penerimaManfaatP: Number,
    jumlahPengurus: Number, jumlahStaf: Number, pekerjaSosialBersertifikat: Number,
  },
  accreditation: {
    status: { type: String, default: 'belum' },
    nomorSertifikat: String, tanggal: String, berlakuSampai: String,
  },
  demo: { type: Boolean, default: false },
}, { timestamps: true, minimize: true });
organisationSchema.index({ 'location.kabkotaCode': 1, 'identity.jenisOrganisasi': 1 });
organisationSchema.index({ 'identity.nama': 1 });

export const Organisation = mongoose.model('Organisation', organisationSchema);
