import { contentDisposition, countByPath, evidencePolicy, EVIDENCE_LIMITS, MAX_FILENAME_LENGTH, nameForType, sanitiseFilename, withinCount } from '../../../server/domain/files';

describe('sanitiseFilename (checklist 27)', () => {
  it('drops folders, so a name can never point elsewhere', () => {
    expect(sanitiseFilename('../../app.js')).toBe('app.js');
    expect(sanitiseFilename('..\\..\\windows\\system32\\x.pdf')).toBe('x.pdf');
    expect(sanitiseFilename('/etc/passwd')).toBe('passwd');
    expect(sanitiseFilename('..')).toBe('berkas');
    expect(sanitiseFilename('a/..')).toBe('berkas');
  });

  it('removes CR/LF and other control or direction characters', () => {
    expect(sanitiseFilename('laporan\r\nSet-Cookie: x=1.pdf')).toBe('laporanSet-Cookie_ x=1.pdf');
    expect(sanitiseFilename('tab\there.pdf')).toBe('tabhere.pdf');
    expect(sanitiseFilename('foto\u202egpj.exe')).toBe('fotogpj.exe');
    expect(sanitiseFilename('nul\u0000byte.pdf')).toBe('nulbyte.pdf');
  });

  it('keeps ordinary Indonesian names, trims, and never returns an empty or hidden name', () => {
    expect(sanitiseFilename('  Akta Pendirian (2019).pdf ')).toBe('Akta Pendirian (2019).pdf');
    expect(sanitiseFilename('.htaccess')).toBe('htaccess');
    expect(sanitiseFilename('')).toBe('berkas');
    expect(sanitiseFilename(undefined)).toBe('berkas');
    expect(sanitiseFilename({ toString: () => 'x' })).toBe('berkas');
    expect(sanitiseFilename('a"b<c>.pdf')).toBe('a_b_c_.pdf');
  });

  it('bounds the length and keeps the extension', () => {
    const long = `${'a'.repeat(500)}.pdf`;
    const clean = sanitiseFilename(long);
    expect(Array.from(clean).length).toBe(MAX_FILENAME_LENGTH);
    expect(clean.endsWith('.pdf')).toBe(true);
  });
});

describe('nameForType', () => {
  it('makes the extension match the detected type', () => {
    expect(nameForType('scan.pdf', 'application/pdf')).toBe('scan.pdf');
    expect(nameForType('foto.JPEG', 'image/jpeg')).toBe('foto.JPEG');
    expect(nameForType('foto.html', 'image/png')).toBe('foto.html.png');
    expect(nameForType('../../app.js', 'application/pdf')).toBe('app.js.pdf');
    expect(nameForType('', 'image/webp')).toBe('berkas.webp');
  });
});

describe('contentDisposition', () => {
  it('is always an attachment with an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('laporan.pdf')).toBe(`attachment; filename="laporan.pdf"; filename*=UTF-8''laporan.pdf`);
    const h = contentDisposition('Bukti "akhir" ü\r\n.pdf');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h).toMatch(/^attachment; filename="[A-Za-z0-9._ -]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(h).toContain('%C3%BC');
  });

  it('cannot be broken out of with quotes, semicolons or path parts', () => {
    const h = contentDisposition('x"; filename="evil.html');
    expect(h.match(/filename=/g)).toHaveLength(1);
    expect(h).toContain("filename*=UTF-8''x_%3B%20filename%3D_evil.html");
    expect(contentDisposition('../../app.js')).toContain('filename="app.js"');
  });
});

describe('evidence policy', () => {
  it('bounds the rule by the global caps and recognisable types', () => {
    expect(evidencePolicy({ min: 1, max: 3, types: ['application/pdf'], maxBytes: 5 * 1024 * 1024 })).toEqual({ types: ['application/pdf'], maxBytes: 5 * 1024 * 1024, maxCount: 3, minCount: 1 });
    const big = evidencePolicy({ min: 0, max: 1000, maxBytes: 10 ** 12 });
    expect(big.maxBytes).toBe(EVIDENCE_LIMITS.maxFileBytes);
    expect(big.maxCount).toBe(EVIDENCE_LIMITS.maxFilesPerQuestion);
    expect(evidencePolicy(undefined).types).toContain('image/png');
  });

  it('counts files per question and checks the maximum', () => {
    const counts = countByPath([{ path: 'a.b' }, { path: 'a.b' }, { path: 'c.d' }]);
    expect(counts).toEqual({ 'a.b': 2, 'c.d': 1 });
    const p = evidencePolicy({ min: 1, max: 3 });
    expect(withinCount(p, 2, 1)).toBe(true);
    expect(withinCount(p, 2, 2)).toBe(false);
  });
});
