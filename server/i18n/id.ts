/**
 * Bahasa Indonesia UI strings. Common strings are here; each area keeps its own in
 * `areas/<area>.ts` (keys prefixed with the area) so parallel work does not collide.
 * Keys are stable; text may be improved.
 */
import { adminMessages } from './areas/admin';
import { auditMessages } from './areas/audit';
import { fillMessages } from './areas/fill';
import { formMessages } from './areas/form';
import { offlineMessages } from './areas/offline';
import { reviewMessages } from './areas/review';
import { reportMessages } from './areas/report';
import { settingsMessages } from './areas/settings';
import { notifyMessages } from './areas/notify';
import { xlsformMessages } from './areas/xlsform';
import { editorMessages } from './areas/editor';

const common = {
  'app.name': 'Monev',
  'app.tagline': 'Monitoring dan Evaluasi Lembaga Kesejahteraan Sosial',
  'app.owner': 'Dinas Sosial Provinsi Banten',
  'app.skipToContent': 'Langsung ke isi halaman',
  'nav.home': 'Beranda',
  'nav.login': 'Masuk',
  'nav.logout': 'Keluar',
  'nav.main': 'Navigasi utama',
  'footer.text': 'Monev — Dinas Sosial Provinsi Banten',

  'home.title': 'Monev: evaluasi tahunan lembaga kesejahteraan sosial',
  'home.lead':
    'Monev membantu Dinas Sosial Provinsi Banten menjalankan monitoring dan evaluasi tahunan Lembaga Kesejahteraan Sosial (LKS), Karang Taruna dan TKSK.',
  'home.step.publish': 'Dinas Sosial menerbitkan instrumen evaluasi tahun berjalan.',
  'home.step.fill': 'Setiap lembaga mengisi formulir dan melampirkan bukti dukung, juga dari ponsel.',
  'home.step.review': 'Evaluator memeriksa, memverifikasi dan menilai ulang setiap butir.',
  'home.step.report': 'Hasilnya menjadi rapor lembaga dan ringkasan bercetak untuk pimpinan.',
  'home.stepsTitle': 'Cara kerja',
  'home.loginCta': 'Masuk ke Monev',

  'login.title': 'Masuk ke Monev',
  'login.username': 'Nama pengguna',
  'login.password': 'Kata sandi',
  'login.submit': 'Masuk',
  'login.missing': 'Isi nama pengguna dan kata sandi.',
  'login.failed': 'Nama pengguna atau kata sandi salah.',
  'login.throttled': 'Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.',
  'login.help': 'Lupa kata sandi? Hubungi admin Dinas Sosial untuk mengatur ulang.',
  'password.title': 'Ganti kata sandi',
  'password.forced': 'Kata sandi Anda dibuat oleh admin. Ganti dengan kata sandi Anda sendiri sebelum melanjutkan.',
  'password.current': 'Kata sandi saat ini',
  'password.new': 'Kata sandi baru',
  'password.hint': 'Minimal 10 karakter. Gunakan kalimat yang mudah Anda ingat.',
  'password.confirm': 'Ulangi kata sandi baru',
  'password.submit': 'Simpan kata sandi',
  'password.mismatch': 'Ulangan kata sandi tidak sama.',
  'password.wrongCurrent': 'Kata sandi saat ini salah.',
  'password.changed': 'Kata sandi berhasil diganti.',

  'error.title': 'Terjadi kesalahan',
  'error.code': 'Kode masalah',
  'error.back': 'Kembali ke beranda',
  'error.requestId': 'Nomor permintaan',
  'nav.tasks': 'Tugas pengisian',
  'nav.review': 'Tinjauan',
  'nav.dashboard': 'Dasbor',
  'nav.register': 'Lembaga',
  'nav.myOrganisation': 'Lembaga saya',
  'nav.audit': 'Log audit',
  'nav.users': 'Pengguna',
  'nav.instruments': 'Instrumen',
  'nav.cycles': 'Siklus',
  'nav.account': 'Akun',
  'nav.settings': 'Pengaturan',
} as const;

export const messages = { ...common, ...adminMessages, ...fillMessages, ...formMessages, ...reviewMessages, ...reportMessages, ...settingsMessages, ...auditMessages, ...notifyMessages, ...offlineMessages, ...xlsformMessages, ...editorMessages } as const;
