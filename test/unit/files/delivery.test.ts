/**
 * Evidence response headers (checklist 27): previews inline only for PDF and raster images, and
 * every variant with nosniff, no script source and no framing; Office files and anything the
 * platform does not know are attachments whatever the caller asks.
 */
import { DOCX_TYPE, XLSX_TYPE, evidenceDelivery, isPreviewable } from '../../../server/domain/files';

const file = (type: string, name = 'bukti.bin') => ({ name, type, length: 1234 });

describe('evidenceDelivery', () => {
  it.each(['application/pdf', 'image/jpeg', 'image/png', 'image/webp'])('%s may be previewed inline', (type) => {
    expect(isPreviewable(type)).toBe(true);
    const d = evidenceDelivery(file(type, 'Akta "asli".pdf'), true);
    expect(d.inline).toBe(true);
    expect(d.headers['Content-Type']).toBe(type);
    expect(d.headers['Content-Disposition']).toBe(`inline; filename="Akta _asli_.pdf"; filename*=UTF-8''Akta%20_asli_.pdf`);
    expect(d.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(d.headers['Content-Length']).toBe('1234');
    expect(d.headers['Cache-Control']).toBe('private, no-store');
    const csp = d.headers['Content-Security-Policy'];
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toMatch(/script-src|unsafe-eval|\*/);
    expect(csp).toContain("frame-ancestors 'none'");
    // images in a sandbox; the PDF viewer cannot start in one, so the PDF gets object-src 'self' only
    if (type === 'application/pdf') expect(csp).toContain("object-src 'self'");
    else expect(csp).toMatch(/; sandbox$/);
  });

  it.each([DOCX_TYPE, XLSX_TYPE, 'text/html', 'image/svg+xml', 'application/octet-stream'])('%s is never inline', (type) => {
    expect(isPreviewable(type)).toBe(false);
    const d = evidenceDelivery(file(type), true);
    expect(d.inline).toBe(false);
    expect(d.headers['Content-Disposition']).toMatch(/^attachment; /);
    expect(d.headers['Content-Security-Policy']).toBe("default-src 'none'; sandbox");
  });

  it('an unknown stored type is sent as bytes, never under its own name', () => {
    expect(evidenceDelivery(file('text/html'), false).headers['Content-Type']).toBe('application/octet-stream');
  });

  it('a download is an attachment even for a previewable type', () => {
    const d = evidenceDelivery(file('application/pdf', 'laporan.pdf'), false);
    expect(d.inline).toBe(false);
    expect(d.headers['Content-Disposition']).toBe(`attachment; filename="laporan.pdf"; filename*=UTF-8''laporan.pdf`);
    expect(d.headers['Content-Security-Policy']).toBe("default-src 'none'; sandbox");
  });
});
