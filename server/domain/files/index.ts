/**
 * Pure file handling for uploads (evidence): type detection from content (magic numbers, and
 * Word/Excel from the ZIP's [Content_Types].xml), safe names, download and preview headers, and the
 * limits an upload must respect. No I/O here.
 */
export {
  sniffContentType, sniffHead, isSniffable, extensionFor, typeLabel, acceptedTypes,
  SNIFFABLE_TYPES, SNIFF_BYTES, SNIFF_HEAD_BYTES, type SniffedType, type SniffVerdict, type SniffRefusal,
} from './sniff';
export { DOCX_TYPE, XLSX_TYPE, sniffOffice, classifyContentTypes, type OfficeType, type OfficeRefusal, type OfficeVerdict } from './ooxml';
export { findZipEntry, ZIP_HEAD_BYTES, ZIP_ENTRY_MAX_BYTES, ZIP_MAX_SKIPPED_ENTRIES, type ZipHeadResult, type ZipHeadRefusal } from './zip-head';
export { sanitiseFilename, nameForType, evidenceName, contentDisposition, encodeRfc5987, MAX_FILENAME_LENGTH } from './filename';
export { evidenceDelivery, isPreviewable, INLINE_TYPES, type EvidenceDelivery } from './delivery';
export { evidencePolicy, countByPath, withinCount, EVIDENCE_LIMITS, type EvidencePolicy } from './evidence-policy';
export { checkEmblem, EMBLEM_TYPES, EMBLEM_MAX_BYTES, type EmblemType, type EmblemCheck } from './emblem';
