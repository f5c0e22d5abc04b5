/**
 * The one error catalogue. Every error the platform shows a client comes from here.
 * A problem code is decimal: the integer part is the HTTP status (404.1 → 404), the fraction
 * tells problems with the same status apart. Messages are Bahasa Indonesia, safe to show users.
 * Pure: no express, no mongoose.
 */
export const PROBLEMS = {
  400.1: 'Data yang dikirim tidak valid.',
  400.2: 'Isi permintaan tidak dapat dibaca.',
  400.3: 'Isi permintaan terlalu bersarang.',
  400.4: 'Parameter tidak valid.',
  401.1: 'Silakan masuk terlebih dahulu.',
  401.2: 'Nama pengguna atau kata sandi salah.',
  403.1: 'Anda tidak memiliki akses untuk tindakan ini.',
  403.2: 'Sesi formulir tidak valid atau kedaluwarsa. Muat ulang halaman lalu coba lagi.',
  403.3: 'Akun ini dinonaktifkan.',
  404.1: 'Halaman atau data yang dicari tidak ditemukan.',
  405.1: 'Metode tidak diizinkan.',
  409.1: 'Tindakan ini tidak dapat dilakukan pada status saat ini.',
  409.2: 'Batas waktu pengisian telah lewat.',
  409.3: 'Data telah diubah oleh pengguna lain. Muat ulang untuk melihat versi terbaru.',
  409.4: 'Pengiriman dengan kode yang sama sudah ada dengan isi berbeda.',
  409.5: 'Versi instrumen yang sudah diterbitkan tidak dapat diubah.',
  409.6: 'Data dengan nilai ini sudah ada.',
  409.7: 'Tanggapan sudah diverifikasi dan dikunci. Hanya admin yang dapat membukanya kembali.',
  409.8: 'Pengembalian untuk perbaikan memerlukan minimal satu komentar butir yang ditandai perlu diperbaiki.',
  409.9: 'Periode pengisian belum dibuka.',
  // 409.10 would be the number 409.1: the series continues at 409.11.
  409.11: 'Siklus evaluasi sudah ditutup. Tanggapan tidak dapat diubah atau dikirim lagi.',
  409.12: 'Siklus evaluasi sudah ditutup, jadi tanggapan tidak dapat dikembalikan untuk perbaikan (lembaga tidak dapat mengirim ulang). Verifikasi tanggapan, atau minta admin membuka kembali siklus.',
  413.1: 'Ukuran data atau berkas melebihi batas.',
  413.2: 'Jumlah berkas melebihi batas.',
  413.3: 'Jumlah baris melebihi batas satu kali impor.',
  413.4: 'Isi berkas XLSX terlalu besar atau terlalu banyak bagian; berkas ditolak.',
  415.1: 'Jenis berkas tidak didukung.',
  415.2: 'Berkas XLSX rusak atau menggunakan format yang tidak didukung.',
  422.1: 'Isian belum lengkap atau tidak sesuai.',
  422.2: 'Alasan wajib diisi.',
  422.3: 'Tanggal perpanjangan harus setelah waktu sekarang.',
  422.4: 'Impor ditolak. Perbaiki semua baris yang bermasalah lalu unggah ulang; tidak ada data yang disimpan.',
  422.5: 'Jawaban yang dikirim tidak memuat satu pun bagian formulir ini, jadi tidak ada yang disimpan. Jawaban yang tersimpan tidak diubah.',
  429.1: 'Terlalu banyak percobaan. Coba lagi beberapa saat lagi.',
  500.1: 'Terjadi kesalahan pada server. Silakan coba lagi.',
  503.1: 'Basis data sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.',
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export class Problem extends Error {
  readonly code: ProblemCode;
  readonly details?: unknown;

  constructor(code: ProblemCode, details?: unknown, message?: string) {
    super(message ?? PROBLEMS[code]);
    this.name = 'Problem';
    this.code = code;
    this.details = details;
  }

  /** HTTP status derived from the code: floor(404.1) = 404. */
  get status(): number {
    return Math.floor(this.code);
  }

  toJSON(): { message: string; code: number; details?: unknown } {
    return this.details === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, details: this.details };
  }
}

export function isProblem(err: unknown): err is Problem {
  return err instanceof Problem;
}
