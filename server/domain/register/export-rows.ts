/**
 * Register export: a header row (the import headers) and one row per organisation, every cell
 * neutralised. The same columns re-import cleanly; the computed accreditation end is added for
 * readers and skipped on import.
 */
import { FIELDS } from './fields';
import { flattenOrganisation } from './flatten';
import type { OrganisationRecord } from './record';
import { type ExportCell, neutraliseCell } from './spreadsheet-safety';

export const ACCREDITATION_END_HEADER = 'Akreditasi Berlaku Sampai';

export function registerExportTable(records: readonly OrganisationRecord[]): ExportCell[][] {
  const header: ExportCell[] = [...FIELDS.map((f) => f.header), ACCREDITATION_END_HEADER];
  const rows = records.map((record) => {
    const flat = flattenOrganisation(record);
    return [...FIELDS.map((f) => neutraliseCell(flat[f.key])), neutraliseCell(record.accreditation.berlakuSampai)];
  });
  return [header, ...rows];
}
