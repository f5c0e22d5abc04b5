/**
 * Small, valid evidence files for the demo, made in code (no binary blobs in the repository):
 * a one-page A4 PDF with a few lines of text, and a PNG picture of a document. Both are what
 * the upload check (domain/files/sniff.ts) recognises, and open in any viewer; each says plainly
 * that it is demo data, not an official document.
 */
import { deflateSync } from 'node:zlib';

/** Text for a PDF string in WinAnsi: ASCII kept, anything else '?', and \ ( ) escaped. */
function pdfText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A one-page A4 PDF 1.4 showing `lines` (the first as a heading), with a correct cross-reference table. */
export function demoPdf(lines: readonly string[]): Buffer {
  const text = lines.map((line, i) => `${i === 0 ? '/F1 16 Tf' : '/F1 11 Tf'} 0 ${i === 0 ? 0 : i === 1 ? -28 : -18} Td (${pdfText(line)}) Tj`).join('\n');
  const content = `0.85 0.2 0.2 RG 2 w 48 48 499 746 re S\nBT 72 760 Td\n${text}\nET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export const DEMO_PNG_SIZE = { width: 180, height: 240 } as const;

/** One row of pixels: `paper`, a `ink` run from x0 to x1, a grey frame at the edges and a red DEMO stripe at `stripe`. */
function pixelRow(width: number, ink: readonly number[] | null, x0: number, x1: number, stripe: number): Buffer {
  const row = Buffer.alloc(width * 3 + 1); // first byte: filter "none"
  for (let x = 0; x < width; x++) {
    const edge = x < 3 || x >= width - 3;
    const rgb = Math.abs(x - stripe) < 7 ? RED : edge ? FRAME : ink && x >= x0 && x < x1 ? ink : PAPER;
    row[1 + x * 3] = rgb[0];
    row[2 + x * 3] = rgb[1];
    row[3 + x * 3] = rgb[2];
  }
  return row;
}

const PAPER = [250, 250, 246] as const;
const FRAME = [200, 200, 200] as const;
const TEXT = [150, 150, 150] as const;
const RED = [190, 30, 30] as const;

/** Letterhead hues of the demo pictures (a few, so each picture is made once per process). */
export const DEMO_PNG_HUES = [150, 210, 30, 280, 0, 95] as const;
const pngs = new Map<number, Buffer>();

/**
 * A PNG (8-bit RGB) of a paper page: a coloured letterhead band (`hue` 0-359 tells files apart),
 * grey "text" lines and a red DEMO stripe across the corner. Made once per hue.
 */
export function demoPng(hue: number): Buffer {
  let png = pngs.get(hue);
  if (!png) pngs.set(hue, (png = drawPng(hue)));
  return png;
}

function drawPng(hue: number): Buffer {
  const { width, height } = DEMO_PNG_SIZE;
  const band = hsl(hue, 0.45, 0.4);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const stripe = width + height - 45 - y; // the diagonal x + y = const, bottom-right corner
    if (y < 3 || y >= height - 3) rows.push(pixelRow(width, FRAME, 0, width, stripe));
    else if (y >= 12 && y < 40) rows.push(pixelRow(width, band, 12, width - 12, stripe));
    else if (y >= 54 && y < height - 22 && (y - 54) % 14 < 5) rows.push(pixelRow(width, TEXT, 18, width - 18 - ((Math.floor((y - 54) / 14) * 37) % 60), stripe));
    else rows.push(pixelRow(width, null, 0, 0, stripe));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}
