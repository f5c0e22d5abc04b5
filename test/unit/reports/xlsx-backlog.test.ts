/**
 * The XLSX export's bound on memory (server/resources/xlsx-backlog.ts): the zip entry stream
 * behind exceljs's streaming worksheet is found (an exceljs upgrade that moves it fails here),
 * XML waiting for deflate is measured, and a wait lets it drain. And waiting on stream events
 * leaves no listeners behind (stream-wait.ts).
 */
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { backlogBytes, deflateCaughtUp, zipBacklog } from '../../../server/resources/xlsx-backlog';
import { eventOrClose } from '../../../server/resources/stream-wait';

function workbook(out: Writable) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  return { wb, sheet: wb.addWorksheet('Data') };
}

const sink = () => new Writable({ write(_chunk, _enc, cb) { cb(); } });
const row = (i: number) => Array.from({ length: 60 }, (_, c) => (c % 2 ? `teks panjang ${i}-${c} untuk sel` : i * c));

test('the zip entry stream of a streaming worksheet is found, and its backlog drains when waited for', async () => {
  const out = sink();
  const { wb, sheet } = workbook(out);
  sheet.addRow(row(0)).commit();
  expect(zipBacklog(sheet)).not.toBeNull();
  // Rows committed without ever yielding pile up in front of deflate.
  for (let i = 1; i < 4000; i++) sheet.addRow(row(i)).commit();
  const piled = backlogBytes(sheet);
  expect(piled).toBeGreaterThan(1024 * 1024);
  await deflateCaughtUp(sheet, out, 64 * 1024);
  expect(backlogBytes(sheet)).toBeLessThan(piled);
  expect(backlogBytes(sheet)).toBeLessThanOrEqual(64 * 1024);
  sheet.commit();
  await wb.commit();
});

test('nothing to find on something else: no wait, no error', async () => {
  expect(zipBacklog({})).toBeNull();
  expect(zipBacklog(null)).toBeNull();
  expect(backlogBytes({ stream: { pipes: [{}] } })).toBe(0);
  await expect(deflateCaughtUp({}, sink())).resolves.toBeUndefined();
});

test('waiting on an event or the client closing leaves no listeners behind', async () => {
  const out = new PassThrough();
  const source = new PassThrough();
  const before = out.listenerCount('close') + out.listenerCount('error') + source.listenerCount('drain') + source.listenerCount('error');
  for (let i = 0; i < 50; i++) {
    const wait = eventOrClose(source, 'drain', out);
    source.emit('drain');
    await wait;
  }
  expect(out.listenerCount('close') + out.listenerCount('error') + source.listenerCount('drain') + source.listenerCount('error')).toBe(before);
  // A client that goes away ends the wait too.
  const wait = eventOrClose(source, 'drain', out);
  out.destroy();
  await expect(wait).resolves.toBeUndefined();
});
