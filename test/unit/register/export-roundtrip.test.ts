import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ACCREDITATION_END_HEADER, registerExportTable } from '../../../server/domain/register/export-rows';
import { FIELDS } from '../../../server/domain/register/fields';
import { importOrganisations } from '../../../server/domain/register/import';
import type { OrganisationRecord } from '../../../server/domain/register/record';
import { toCsv } from '../../../server/domain/register/spreadsheet-safety';
import { comparableText } from '../../../server/domain/register/vocabularies';
import { recordArbitrary } from './record-arbitrary';

const now = new Date('2025-07-01T05:00:00Z');

/** Records an import accepts together: no repeated NPWP, no repeated name in one kecamatan. */
function distinct(records: OrganisationRecord[]): OrganisationRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const keys = [`n:${comparableText(r.identity.nama)}|${r.location.kecamatanCode}`, ...(r.legal.npwp ? [`p:${r.legal.npwp}`] : [])];
    if (keys.some((k) => seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });
}

describe('register export', () => {
  test('header row is the import headers plus the computed accreditation end', () => {
    const [header] = registerExportTable([]);
    expect(header).toEqual([...FIELDS.map((f) => f.header), ACCREDITATION_END_HEADER]);
  });

  test('cells that look like formulas are neutralised (checklist 29)', () => {
    const [, row] = registerExportTable([{
      identity: { nama: '=HYPERLINK("http://x")', jenisOrganisasi: 'psm', sasaranPmks: [] }, active: true, legal: {},
      location: { alamat: '@SUM(1)', kecamatanCode: '36.73.01', kabkotaCode: '36.73', koordinat: { lat: -6.1, lon: 106.1 } },
      contact: { telepon: '+6281234567890' }, people: {}, accreditation: { status: 'belum' },
    }]);
    expect(row[0]).toBe(`'=HYPERLINK("http://x")`);
    expect(row).toContain(`'@SUM(1)`);
    expect(row).toContain('081234567890');
    expect(row).toContain(-6.1);
  });

  test('property: export → CSV → import gives the same records', async () => {
    await fc.assert(fc.asyncProperty(fc.array(recordArbitrary, { maxLength: 15 }), async (generated) => {
      const records = distinct(generated);
      fc.pre(records.length > 0);
      // the neutralising quote (') stays in the file; the importer removes it again
      const csv = toCsv(registerExportTable(records), ';');
      const result = await importOrganisations(Buffer.from(csv, 'utf8'), { now });
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (result.ok) {
        expect(result.records).toEqual(records);
        expect(result.lines).toHaveLength(records.length);
      }
    }), { numRuns: 40 });
  });

  test('export → XLSX (exceljs) → import gives the same records', async () => {
    const records = distinct(fc.sample(recordArbitrary, { numRuns: 60, seed: 42 }));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Lembaga').addRows(registerExportTable(records) as ExcelJS.CellValue[][]);
    const result = await importOrganisations(Buffer.from(await wb.xlsx.writeBuffer()), { now });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) expect(result.records).toEqual(records);
  });
});
