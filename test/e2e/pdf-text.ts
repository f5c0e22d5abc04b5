/**
 * The text of each page of a PDF that Chromium printed (Skia/PDF): enough of PDF to read what a
 * page says, so a test can check running headers and footers ("Halaman 2 dari 3") that exist
 * only in the printed document. Reads uncompressed and Flate-compressed streams, Type0 fonts
 * with a ToUnicode CMap (Skia writes every font so), text shown with Tj, TJ, ' and ".
 * Not a general PDF parser: no object streams, no encryption (Skia writes neither).
 */
import zlib from 'node:zlib';

interface PdfObject { dict: string; stream: Buffer | null }

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = /\bstream\r?\n/.exec(body);
    let dict = body;
    let stream: Buffer | null = null;
    if (s) {
      dict = body.slice(0, s.index);
      const length = Number(/\/Length (\d+)(?! 0 R)/.exec(dict)?.[1] ?? NaN);
      const from = start + s.index + s[0].length;
      const raw = pdf.subarray(from, Number.isFinite(length) ? from + length : start + body.lastIndexOf('endstream'));
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

const utf16 = (hex: string): string => {
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...codes);
};

/** A ToUnicode CMap: character code (hex, as written) → text. */
function cmap(source: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code, 16), utf16(dst));
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst, list] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const from = parseInt(lo, 16);
      const to = parseInt(hi, 16);
      if (dst !== undefined) {
        const base = parseInt(dst, 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCharCode(base + (c - from)));
      } else {
        [...list.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, d], i) => map.set(from + i, utf16(d)));
      }
    }
  }
  return map;
}

const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** Text of a content stream, one line per text object (BT … ET). */
function showText(content: string, fonts: Map<string, Map<number, string>>): string {
  const lines: string[] = [];
  let line = '';
  let font: Map<number, string> | undefined;
  const decodeHex = (hex: string) => {
    const wide = font !== undefined && [...font.keys()].some((k) => k > 0xff);
    const step = wide || hex.length % 4 === 0 ? 4 : 2;
    let out = '';
    for (let i = 0; i + step <= hex.length; i += step) {
      const code = parseInt(hex.slice(i, i + step), 16);
      out += font?.get(code) ?? String.fromCharCode(code);
    }
    return out;
  };
  const tokens = content.matchAll(/\/([A-Za-z0-9_.+-]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\((?:\\.|[^\\)])*\)|\b(BT|ET|Td|TD|T\*|Tm)\b/g);
  for (const [all, fontName, hex, op] of tokens) {
    if (fontName !== undefined) font = fonts.get(fontName);
    else if (hex !== undefined) line += decodeHex(hex.replace(/\s+/g, ''));
    else if (all.startsWith('(')) line += all.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (op === 'ET' || op === 'Td' || op === 'TD' || op === 'T*' || op === 'Tm') {
      if (op === 'ET' && line.trim() !== '') { lines.push(line.trim()); line = ''; } else if (line !== '' && !line.endsWith(' ')) line += ' ';
    }
  }
  if (line.trim() !== '') lines.push(line.trim());
  return lines.join('\n');
}

/** The text of every page, in page order. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const toUnicode = new Map<number, Map<number, string>>();
  const fontMap = (id: number): Map<number, string> => {
    let map = toUnicode.get(id);
    if (!map) {
      const cm = ref(objs.get(id)?.dict ?? '', 'ToUnicode');
      map = cm !== null ? cmap(objs.get(cm)?.stream?.toString('latin1') ?? '') : new Map();
      toUnicode.set(id, map);
    }
    return map;
  };
  const root = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict));
  const kids = root ? [...(/\/Kids\s*\[([^\]]*)\]/.exec(root.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1])) : [];
  return kids.map((id) => {
    const page = objs.get(id)?.dict ?? '';
    const resId = ref(page, 'Resources');
    const resources = resId !== null ? objs.get(resId)?.dict ?? '' : page;
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map([...fontDict.matchAll(/\/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R/g)].map(([, name, fid]) => [name, fontMap(Number(fid))]));
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(page)?.[1] ?? /\/Contents\s+(\d+ 0 R)/.exec(page)?.[1] ?? '';
    const streams = [...contents.matchAll(/(\d+) 0 R/g)].map(([, c]) => objs.get(Number(c))?.stream?.toString('latin1') ?? '');
    return showText(streams.join('\n'), fonts);
  });
}
