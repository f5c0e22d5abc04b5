/**
 * Rows cross from the export thread to the app's thread encoded (server/export-thread/row-codec.ts):
 * decoding gives back the same rows, cell for cell and type for type, whatever they hold (text
 * in any script and of any length, empty text, numbers including -0, NaN and infinities, booleans,
 * dates, null and undefined, rows of different widths, no rows), and through a real structured
 * clone with the buffers moved, as postMessage sends them.
 */
import fc from 'fast-check';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { type EncodedRows, RowEncoder, decodedRows, transferable } from '../../../server/export-thread/row-codec';
import type { ExportCell } from '../../../server/domain/register/spreadsheet-safety';

const cell: fc.Arbitrary<ExportCell> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 5 }), fc.constant(''),
  fc.double(), fc.integer(), fc.constantFrom(-0, NaN, Infinity), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
/** A whole list of rows as one message, and a message's rows all at once. */
function encodeRows(input: readonly ExportCell[][]): EncodedRows {
  const encoder = new RowEncoder();
  for (const row of input) encoder.add(row);
  return encoder.take();
}
const decodeRows = (block: EncodedRows): ExportCell[][] => [...decodedRows(block)];

const rows = fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 20 });

function sameRows(actual: ExportCell[][], expected: ExportCell[][]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((row, r) => {
    expect(actual[r].length).toBe(row.length);
    row.forEach((v, i) => {
      const got = actual[r][i];
      if (v instanceof Date) expect(got instanceof Date && got.getTime() === v.getTime()).toBe(true);
      else expect(Object.is(got, v)).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(actual[r], i)).toBe(true); // no holes (exceljs skips them)
    });
  });
}

test('decode(encode(rows)) gives the same rows', () => {
  fc.assert(fc.property(rows, (input) => sameRows(decodeRows(encodeRows(input)), input)), { numRuns: 500 });
});

test('the encoded rows survive a structured clone with their buffers moved', () => {
  fc.assert(fc.property(rows, (input) => {
    const { port1, port2 } = new MessageChannel();
    try {
      const block = encodeRows(input);
      port1.postMessage(block, transferable(block));
      expect(block.kinds.byteLength).toBe(0); // moved, not copied
      const received = receiveMessageOnPort(port2)!.message;
      sameRows(decodeRows(received), input);
    } finally {
      port1.close();
    }
  }), { numRuns: 100 });
});

test('one encoder, rows added one at a time over several messages, grows and starts over cleanly', () => {
  fc.assert(fc.property(fc.array(rows, { maxLength: 5 }), fc.integer({ min: 1, max: 16 }), (messages, capacity) => {
    const encoder = new RowEncoder(capacity);
    for (const message of messages) {
      for (const row of message) encoder.add(row);
      expect(encoder.rows).toBe(message.length);
      sameRows(decodeRows(encoder.take()), message);
      expect(encoder.rows).toBe(0);
    }
  }), { numRuns: 200 });
});
