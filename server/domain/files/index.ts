/**
 * Pure file handling for uploads (evidence): type detection from content, safe names and
 * download headers, and the limits an upload must respect. No I/O here.
 */
export { sniffContentType, isSniffable, extensionFor, acceptedTypes, SNIFFABLE_TYPES, SNIFF_BYTES, type SniffedType } from './sniff';
export { sanitiseFilename, nameForType, contentDisposition, encodeRfc5987, MAX_FILENAME_LENGTH } from './filename';
export { evidencePolicy, countByPath, withinCount, EVIDENCE_LIMITS, type EvidencePolicy } from './evidence-policy';
