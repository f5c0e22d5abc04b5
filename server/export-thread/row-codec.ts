/**
 * Rows as they cross from the export thread to the app's thread. Posted as they are (arrays of
 * cells), the structured clone rebuilt every cell on the app's side: for 35,000 rows × 182
 * cells about 0.7 s of the app thread's time, the thread the spreadsheet writer needs. Here a
 * message is a few typed arrays (moved, not copied) and one string holding all its text:
 *
 *   kinds    one byte per cell: null, undefined, number, text, true, false, date
 *   numbers  the numbers and dates' times, in cell order
 *   text     every text cell joined, with `ends` marking where each one stops
 *   lengths  how many cells each row has
 *
 * Decoding rebuilds the same rows: a text cell is a slice of the joined string (V8 makes a
 * longer slice a view of it, not a copy). Pure, no thread code: rows added to a RowEncoder
 * and taken back through `decodedRows` are equal to the originals.
 */
import type { ExportCell } from '../domain/register/spreadsheet-safety';

export interface EncodedRows {
  lengths: Uint32Array;
  kinds: Uint8Array;
  numbers: Float64Array;
  text: string;
  ends: Uint32Array;
}

const NULL = 0;
const UNDEFINED = 1;
const NUMBER = 2;
const TEXT = 3;
const TRUE = 4;
const FALSE = 5;
const DATE = 6;

/**
 * Collects rows into one message as they are made: each row's cells are copied into the
 * message's arrays at once, so the row itself dies young (rows held until a whole message was
 * built survived into the old generation and cost the thread most of its garbage collection).
 */
export class RowEncoder {
  private lengths: number[] = [];
  private kinds: Uint8Array;
  private numbers: Float64Array;
  private ends: Uint32Array;
  private texts: string[] = [];
  private cells = 0;
  private numberCount = 0;
  private textCount = 0;
  private textLength = 0;

  constructor(private readonly capacity = 1024) {
    this.kinds = new Uint8Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.ends = new Uint32Array(capacity);
  }

  /** Rows added since the last `take`. */
  get rows(): number {
    return this.lengths.length;
  }

  add(row: readonly ExportCell[]): void {
    if (this.cells + row.length > this.kinds.length) this.grow(this.cells + row.length);
    const { kinds, numbers, ends } = this;
    let c = this.cells;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'string') {
        kinds[c++] = TEXT;
        this.texts.push(v);
        this.textLength += v.length;
        ends[this.textCount++] = this.textLength;
      } else if (typeof v === 'number') {
        kinds[c++] = NUMBER;
        numbers[this.numberCount++] = v;
      } else if (v === null) {
        kinds[c++] = NULL;
      } else if (v === undefined) {
        kinds[c++] = UNDEFINED;
      } else if (typeof v === 'boolean') {
        kinds[c++] = v ? TRUE : FALSE;
      } else {
        kinds[c++] = DATE;
        numbers[this.numberCount++] = v.getTime();
      }
    }
    this.cells = c;
    this.lengths.push(row.length);
  }

  /** The rows added so far as one message; the encoder starts a new one. */
  take(): EncodedRows {
    const block: EncodedRows = {
      lengths: Uint32Array.from(this.lengths),
      kinds: this.kinds.slice(0, this.cells),
      numbers: this.numbers.slice(0, this.numberCount),
      text: this.texts.join(''),
      ends: this.ends.slice(0, this.textCount),
    };
    this.lengths = [];
    this.texts = [];
    this.cells = this.numberCount = this.textCount = this.textLength = 0;
    return block;
  }

  private grow(needed: number): void {
    let size = Math.max(this.kinds.length * 2, this.capacity);
    while (size < needed) size *= 2;
    const kinds = new Uint8Array(size);
    const numbers = new Float64Array(size);
    const ends = new Uint32Array(size);
    kinds.set(this.kinds.subarray(0, this.cells));
    numbers.set(this.numbers.subarray(0, this.numberCount));
    ends.set(this.ends.subarray(0, this.textCount));
    this.kinds = kinds;
    this.numbers = numbers;
    this.ends = ends;
  }
}

/** The buffers `postMessage` can move instead of copying. */
export function transferable(block: EncodedRows): ArrayBuffer[] {
  return [block.lengths.buffer, block.kinds.buffer, block.numbers.buffer, block.ends.buffer] as ArrayBuffer[];
}

/**
 * The rows of a message, one at a time: a row is built only when it is asked for, so at most
 * one lives on beyond the writer (rows built a whole message ahead outlived the app thread's
 * young-generation collections, which then copied them).
 */
export function* decodedRows(block: EncodedRows): Generator<ExportCell[]> {
  const { lengths, kinds, numbers, text, ends } = block;
  let c = 0;
  let n = 0;
  let t = 0;
  let from = 0;
  for (let r = 0; r < lengths.length; r++) {
    const row: ExportCell[] = new Array(lengths[r]);
    for (let i = 0; i < row.length; i++) {
      switch (kinds[c++]) {
        case TEXT: {
          const to = ends[t++];
          row[i] = text.slice(from, to);
          from = to;
          break;
        }
        case NUMBER: row[i] = numbers[n++]; break;
        case NULL: row[i] = null; break;
        case TRUE: row[i] = true; break;
        case FALSE: row[i] = false; break;
        case DATE: row[i] = new Date(numbers[n++]); break;
        default: row[i] = undefined;
      }
    }
    yield row;
  }
}
