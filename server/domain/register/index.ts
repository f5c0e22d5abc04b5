/** The organisation register: record shape, validation, import from CSV/XLSX, safe export. */
export * from './record';
export * from './vocabularies';
export * from './fields';
export * from './build';
export * from './flatten';
export * from './validity';
export * from './limits';
export * from './import-rows';
export * from './import';
export * from './spreadsheet-safety';
export * from './export-rows';
export { inspectZip, readZipDirectory, verifyZipInflation, type ZipCheck, type ZipEntryInfo } from './zip-guard';
export { readCsv, decodeText, sniffDelimiter, type SheetRead } from './csv-reader';
export { readXlsx, toCellValue } from './xlsx-reader';
