/**
 * Problem codes produced by the pure workflow, access and register code, with Indonesian
 * messages safe to show users. Codes follow the project catalogue (server/domain/problems.ts):
 * decimal numbers whose integer part is the HTTP status (409.3 → 409). Codes that already exist
 * there keep the same meaning here (400.1, 401.1, 403.1, 409.1-409.4, 413.1, 415.1); the others
 * are new and must be added to the catalogue when the routes are wired.
 *
 * Domain functions never throw for expected refusals: they return `{ ok: false, problem }`, and
 * the HTTP layer turns the problem into a response.
 */
export const WORKFLOW_PROBLEMS = {
  /** Input failed validation; `details` lists `{path|field|line, ...}` entries. */
  400.1: 'Data yang dikirim tidak valid.',
  /** A route declared 'authenticated' or with a permission was reached without a session. */
  401.1: 'Silakan masuk terlebih dahulu.',
  /** The role may not perform this action at all (operator verifying, evaluator filling ...). */
  403.1: 'Anda tidak memiliki akses untuk tindakan ini.',
  /** The action is not defined from the current state (e.g. verify a draft). */
  409.1: 'Tindakan ini tidak dapat dilakukan pada status saat ini.',
  /** Operator action after the deadline without an admin extension. */
  409.2: 'Batas waktu pengisian telah lewat.',
  /** Optimistic concurrency: the record changed since the client loaded it. */
  409.3: 'Data telah diubah oleh pengguna lain. Muat ulang untuk melihat versi terbaru.',
  /** Same client instance id submitted again with different content. */
  409.4: 'Pengiriman dengan kode yang sama sudah ada dengan isi berbeda.',
  /** Verified responses are locked; only an admin unlock reopens them. */
  409.7: 'Tanggapan sudah diverifikasi dan dikunci. Hanya admin yang dapat membukanya kembali.',
  /** Returning for revision without telling the operator what to fix. */
  409.8: 'Pengembalian untuk perbaikan memerlukan minimal satu komentar butir yang ditandai perlu diperbaiki.',
  /** Operator action before the cycle opens. */
  409.9: 'Periode pengisian belum dibuka.',
  /** The admin closed the cycle: no operator write, no extension (409.10 would be the number 409.1). */
  409.11: 'Siklus evaluasi sudah ditutup. Tanggapan tidak dapat diubah atau dikirim lagi.',
  /** Returning after close would leave a response nobody can resubmit. */
  409.12: 'Siklus evaluasi sudah ditutup, jadi tanggapan tidak dapat dikembalikan untuk perbaikan (lembaga tidak dapat mengirim ulang). Verifikasi tanggapan, atau minta admin membuka kembali siklus.',
  /** Upload larger than the byte limit. */
  413.1: 'Ukuran data atau berkas melebihi batas.',
  /** Import with more data rows than allowed in one import. */
  413.3: 'Jumlah baris melebihi batas satu kali impor.',
  /** XLSX (zip) whose entries are too many or would inflate beyond the limit (zip bomb). */
  413.4: 'Isi berkas XLSX terlalu besar atau terlalu banyak bagian; berkas ditolak.',
  /** Not a CSV/XLSX the importer can read. */
  415.1: 'Jenis berkas tidak didukung.',
  /** Damaged or unsupported XLSX structure (encryption, ZIP64, odd compression, bad offsets). */
  415.2: 'Berkas XLSX rusak atau menggunakan format yang tidak didukung.',
  /** Unlock and deadline extension must say why (they are audited). */
  422.2: 'Alasan wajib diisi.',
  /** Extension end must lie in the future. */
  422.3: 'Tanggal perpanjangan harus setelah waktu sekarang.',
  /** Import refused because of bad cells; `details` lists every `{line, column, problem}`. */
  422.4: 'Impor ditolak. Perbaiki semua baris yang bermasalah lalu unggah ulang; tidak ada data yang disimpan.',
} as const;

export type WorkflowProblemCode = keyof typeof WORKFLOW_PROBLEMS;

export interface DomainProblem {
  readonly code: WorkflowProblemCode;
  readonly message: string;
  readonly details?: unknown;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: DomainProblem };

export function problem(code: WorkflowProblemCode, details?: unknown): DomainProblem {
  return details === undefined
    ? { code, message: WORKFLOW_PROBLEMS[code] }
    : { code, message: WORKFLOW_PROBLEMS[code], details };
}

/** HTTP status for a problem code: floor(409.3) = 409. */
export function httpStatusOf(code: WorkflowProblemCode): number {
  return Math.floor(code);
}

export function fail<T>(code: WorkflowProblemCode, details?: unknown): Outcome<T> {
  return { ok: false, problem: problem(code, details) };
}
