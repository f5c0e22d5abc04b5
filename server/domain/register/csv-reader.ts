/**
 * CSV bytes → sheet rows, bounded. Handles what Indonesian offices actually produce: a UTF-8 BOM
 * ("CSV UTF-8" from Excel), `;` as separator (Excel with Indonesian regional settings) or `,`
 * or tab, quoted fields with line breaks, CRLF, and legacy Windows-1252 files. The separator is
 * sniffed from the header line. Line numbers are where each row starts in the file.
 */
import type { Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { ImportLimits } from './limits';
import { type ImportRefusal, type RowProblem, type SheetRow, isBlankRow, refuse } from './import-rows';

export type SheetRead = { ok: true; rows: SheetRow[] } | ImportRefusal;

/** Decode bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** The separator used in the first line, counting only characters outside quotes. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts] += 1;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
  return counts[best] > 0 ? best : ',';
}

class TooManyRows extends Error {}

const CSV_ERRORS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'Tanda kutip (") dibuka tetapi tidak ditutup.',
  CSV_INVALID_CLOSING_QUOTE: 'Tanda kutip (") di tengah sel; gandakan menjadi "" bila memang bagian dari isi.',
  CSV_MAX_RECORD_SIZE: 'Baris terlalu panjang.',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'Ada karakter setelah tanda kutip penutup.',
};

export function readCsv(bytes: Uint8Array, limits: ImportLimits): SheetRead {
  if (bytes.length > limits.maxBytes) return refuse(413.1, [{ line: 0, column: '', problem: `Berkas lebih dari ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` }], limits.maxProblems);
  const text = decodeText(bytes);
  if (text.includes('\u0000')) return refuse(415.1, [{ line: 0, column: '', problem: 'Berkas bukan teks CSV.' }], limits.maxProblems);
  const delimiter = sniffDelimiter(text);
  // Start line of the next record. csv-parse's own line counter counts a CRLF inside a quoted
  // cell twice, so lines are counted here: one per record plus the breaks inside its cells.
  let nextLine = 1;
  let kept = 0;
  try {
    const options: Options<SheetRow, string[]> = {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 64 * 1024,
      on_record: (record) => {
        const line = nextLine;
        nextLine += 1 + record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        if (isBlankRow(record)) return null;
        kept += 1;
        // header + maxRows data rows; one more proves the file is too long, stop reading there
        if (kept > limits.maxRows + 1) throw new TooManyRows(String(line));
        if (record.length > limits.maxColumns) record.length = limits.maxColumns + 1;
        return { line, cells: record };
      },
    };
    // on_record turns each record into a SheetRow; the typings model that only with `columns`.
    const rows = parse(text, options as unknown as Options) as unknown as SheetRow[];
    return { ok: true, rows };
  } catch (e) {
    if (e instanceof TooManyRows) {
      return refuse(413.3, [{ line: Number(e.message), column: '', problem: `Paling banyak ${limits.maxRows} baris data per impor. Bagi menjadi beberapa berkas.` }], limits.maxProblems);
    }
    const csvError = e as { code?: string; lines?: number };
    const message = (csvError.code && CSV_ERRORS[csvError.code]) ?? 'Berkas CSV tidak dapat dibaca.';
    const problems: RowProblem[] = [{ line: csvError.lines ?? 0, column: '', problem: message }];
    return refuse(422.4, problems, limits.maxProblems);
  }
}
