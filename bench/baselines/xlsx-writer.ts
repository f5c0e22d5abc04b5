/**
 * Baseline child of the XLSX export figure: the exceljs streaming writer alone writing the same
 * cells as the export (header + `rows` rows × the same columns), in its own process so its time
 * and peak memory (VmHWM) can be set beside the app server's. Only exceljs is loaded here.
 *
 *   node xlsx-writer.js <templates.json> <rows>   → prints one JSON line: { ms, bytes, peakRssMb }
 *
 * templates.json: { header: cell[], rows: cell[][] } — real export rows (as the writer receives them) of
 * the seeded cycle. Row i is template i mod n with its own response id and name, so every row
 * has the cells (types and lengths) an export of that cycle writes. Same writer settings as the
 * export (no styles, no shared strings); rows are committed as they are added, and the loop
 * yields to the event loop every 64 rows and waits when the sink asks, so the zip stream can
 * flush (a loop that never yields would buffer the whole file).
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

type Cell = string | number | boolean | null;

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
}

async function main(): Promise<void> {
  const { header, rows: templates } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { header: Cell[]; rows: Cell[][] };
  const count = Number(process.argv[3]);
  let bytes = 0;
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { bytes += chunk.length; cb(); } });
  const start = process.hrtime.bigint();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(header).commit();
  for (let i = 0; i < count; i++) {
    const row = templates[i % templates.length].slice();
    row[0] = i.toString(16).padStart(24, '0');
    row[1] = `LKS Bench ${i}`;
    sheet.addRow(row).commit();
    if ((i & 63) === 63) {
      if (sink.writableNeedDrain) await once(sink, 'drain');
      await new Promise((r) => setImmediate(r));
    }
  }
  sheet.commit();
  await workbook.commit();
  if (!sink.writableFinished) await once(sink, 'finish');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, bytes, peakRssMb: peakRssMb() })}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
