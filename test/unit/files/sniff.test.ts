import { acceptedTypes, sniffContentType, SNIFF_BYTES } from '../../../server/domain/files';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContentType (type from content, checklist 26)', () => {
  it('recognises PDF, PNG, JPEG and WebP by their signatures', () => {
    expect(sniffContentType(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'))).toBe('application/pdf');
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('image/png');
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'))).toBe('image/jpeg');
    expect(sniffContentType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses HTML, SVG, scripts and executables whatever their name says', () => {
    for (const text of ['<!DOCTYPE html><html><script>alert(1)</script>', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">',
      '<?xml version="1.0"?><svg/>', '#!/bin/sh\nrm -rf /', '  %PDF-1.4 with leading spaces', '<html>%PDF-1.4</html>']) {
      expect(sniffContentType(bytes(text))).toBeNull();
    }
    expect(sniffContentType(bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]))).toBeNull(); // Windows PE
    expect(sniffContentType(bytes([0x7f], 'ELF', [2, 1, 1, 0]))).toBeNull(); // Linux ELF
    expect(sniffContentType(bytes('PK', [3, 4, 20, 0]))).toBeNull(); // zip (docx, jar ...)
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull(); // RIFF but not WebP
  });

  it('needs the whole signature: truncated heads and empty files are unknown', () => {
    expect(sniffContentType(bytes('%PD'))).toBeNull();
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e]))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
    expect(SNIFF_BYTES).toBeGreaterThanOrEqual(12);
  });
});

describe('acceptedTypes', () => {
  it('keeps only declared types that can be recognised from content', () => {
    expect(acceptedTypes(['application/pdf', 'image/png', 'application/msword'])).toEqual(['application/pdf', 'image/png']);
    expect(acceptedTypes(['text/html'])).toEqual([]);
    expect(acceptedTypes(undefined)).toEqual([
      'application/pdf', 'image/jpeg', 'image/png', 'image/webp',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(acceptedTypes(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroEnabled.12']))
      .toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });
});
