/** Bahasa Indonesia UI strings, grouped by page or area. Keys are stable; text may be improved. */
export const messages = {
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

  'error.title': 'Terjadi kesalahan',
  'error.code': 'Kode masalah',
  'error.back': 'Kembali ke beranda',
  'error.requestId': 'Nomor permintaan',
} as const;
