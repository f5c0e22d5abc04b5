/**
 * Evidence files (bukti dukung) in GridFS, bucket `evidence`. A file is stored under a generated
 * ObjectId (also its GridFS filename): the uploader's name is only metadata, never a key or a
 * path (checklist 27). Its type is the one detected from its first bytes, never the browser's:
 * the head of each upload is held in memory (16 bytes for the magic-number types, up to
 * SNIFF_HEAD_BYTES = 64 KiB for a ZIP, whose [Content_Types].xml tells a .docx/.xlsx apart from
 * anything else) and only once the type is decided does anything go to GridFS.
 * An upload that breaks a limit is aborted and its chunks removed (checklist 25).
 */
import type { Readable } from 'node:stream';
import mongoose from './settings';
import { Problem } from '../domain/problems';
import { SNIFF_BYTES, SNIFF_HEAD_BYTES, sniffHead, type EvidencePolicy, type SniffedType, type SniffVerdict } from '../domain/files';

export const EVIDENCE_BUCKET = 'evidence';

export interface EvidenceMeta {
  responseId: string;
  organisationId: string;
  path: string;
  originalName: string;
  uploadedBy: string;
}

export interface StoredFile {
  fileId: mongoose.Types.ObjectId;
  type: SniffedType;
  size: number;
}

function bucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Problem(503.1);
  return new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET });
}

/**
 * When to look at the buffered head again while it grows: after SNIFF_BYTES, then at doubling
 * sizes up to SNIFF_HEAD_BYTES — a few looks per file, however small the chunks arrive.
 */
function nextLook(current: number): number {
  return Math.min(SNIFF_HEAD_BYTES, Math.max(4096, current * 2));
}

/**
 * Streams one uploaded file into GridFS. The first bytes decide the type (415.1 if not one the
 * question accepts; `details.reason` says why: a SniffRefusal or 'not-accepted'); more than
 * `policy.maxBytes` → 413.1. On any refusal nothing stays stored, and the source is always read
 * to its end so a multipart parser can go on.
 */
export function storeEvidence(source: Readable, meta: EvidenceMeta, policy: EvidencePolicy): Promise<StoredFile> {
  return new Promise<StoredFile>((resolve, reject) => {
    const fileId = new mongoose.Types.ObjectId();
    let head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let type: SniffedType | null = null;
    let upload: mongoose.mongo.GridFSBucketWriteStream | null = null;
    let failed: Problem | Error | null = null;

    const fail = (err: Problem | Error) => {
      if (failed) return;
      failed = err;
      source.removeListener('data', onData);
      source.resume(); // drain what is left of this file
      const cleanup = upload ? upload.abort().catch(() => undefined) : Promise.resolve();
      void cleanup.then(() => reject(err));
    };

    let lookAt = SNIFF_BYTES;

    /** Decides the type from the head; returns false if undecided yet or refused. */
    const start = (complete: boolean): boolean => {
      const first = Buffer.concat(head);
      head = [first];
      const verdict: SniffVerdict = sniffHead(first, complete);
      if (verdict.status === 'more') {
        lookAt = nextLook(headBytes);
        return false;
      }
      head = [];
      type = verdict.status === 'type' ? verdict.type : null;
      if (verdict.status === 'refused' || !policy.types.includes(verdict.type)) {
        const reason = verdict.status === 'refused' ? verdict.reason : 'not-accepted';
        fail(new Problem(415.1, { path: meta.path, detected: type ?? 'unknown', reason, accepted: policy.types }));
        return false;
      }
      try {
        upload = bucket().openUploadStreamWithId(fileId, String(fileId), { metadata: { ...meta, contentType: type } });
      } catch (err) {
        fail(err as Error);
        return false;
      }
      upload.on('error', (err) => fail(err));
      write(first);
      return true;
    };

    const write = (chunk: Buffer) => {
      if (!upload || failed) return;
      if (!upload.write(chunk)) {
        source.pause();
        upload.once('drain', () => source.resume());
      }
    };

    const onData = (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > policy.maxBytes) {
        fail(new Problem(413.1, { path: meta.path, maxBytes: policy.maxBytes }));
        return;
      }
      if (!upload) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= lookAt) start(false);
        return;
      }
      write(chunk);
    };

    source.on('data', onData);
    source.on('limit', () => fail(new Problem(413.1, { path: meta.path, maxBytes: policy.maxBytes })));
    source.on('error', (err: Error) => fail(err));
    source.on('end', () => {
      if (failed) return;
      if (!upload) {
        if (headBytes === 0) return fail(new Problem(400.1, { path: meta.path, reason: 'empty file' }));
        if (!start(true)) return;
      }
      const u = upload!;
      u.once('finish', () => {
        if (!failed) resolve({ fileId, type: type as SniffedType, size });
      });
      u.end();
    });
  });
}

/** GridFS chunk size, the driver's default (what an upload stream writes). */
const CHUNK_BYTES = 255 * 1024;

export interface GridFsDocuments { file: Record<string, unknown>; chunks: Record<string, unknown>[] }

/**
 * The GridFS documents of a whole file held in memory, laid out exactly as storeEvidence's upload
 * stream writes them (same filename, metadata and chunking), so that they can be inserted with
 * other writes in one transaction (the demo seed). Reads, downloads and deletes see no difference.
 */
export function gridFsDocuments(fileId: mongoose.Types.ObjectId, bytes: Buffer, meta: EvidenceMeta, type: SniffedType, uploadDate: Date): GridFsDocuments {
  const chunks: Record<string, unknown>[] = [];
  for (let n = 0; n * CHUNK_BYTES < bytes.length; n++) {
    chunks.push({ _id: new mongoose.Types.ObjectId(), files_id: fileId, n, data: new mongoose.mongo.Binary(bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES)) });
  }
  return { file: { _id: fileId, length: bytes.length, chunkSize: CHUNK_BYTES, uploadDate, filename: String(fileId), metadata: { ...meta, contentType: type } }, chunks };
}

/** The indexes the driver creates before a bucket's first upload (needed when files are inserted directly). */
export async function ensureEvidenceIndexes(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Problem(503.1);
  await db.collection(`${EVIDENCE_BUCKET}.files`).createIndex({ filename: 1, uploadDate: 1 });
  await db.collection(`${EVIDENCE_BUCKET}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
}

/** Inserts prepared GridFS documents (gridFsDocuments) in the given session's transaction. */
export async function insertEvidenceDocuments(docs: readonly GridFsDocuments[], session: mongoose.ClientSession): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || docs.length === 0) return;
  await db.collection(`${EVIDENCE_BUCKET}.files`).insertMany(docs.map((d) => d.file), { session });
  await db.collection(`${EVIDENCE_BUCKET}.chunks`).insertMany(docs.flatMap((d) => d.chunks), { session });
}

/** Removes a stored file and its chunks; a file already gone is fine. */
export async function deleteEvidenceFile(fileId: mongoose.Types.ObjectId | string): Promise<void> {
  try {
    await bucket().delete(new mongoose.Types.ObjectId(String(fileId)));
  } catch (err) {
    if (!/FileNotFound|not found/i.test((err as Error).message)) throw err;
  }
}

export async function deleteEvidenceFiles(ids: readonly (mongoose.Types.ObjectId | string)[]): Promise<void> {
  for (const id of ids) await deleteEvidenceFile(id);
}

export interface EvidenceFileInfo {
  length: number;
  contentType: string;
  metadata: Partial<EvidenceMeta>;
}

export async function evidenceFileInfo(fileId: mongoose.Types.ObjectId): Promise<EvidenceFileInfo | null> {
  const doc = await bucket().find({ _id: fileId }, { limit: 1 }).next();
  if (!doc) return null;
  const metadata = (doc.metadata ?? {}) as Partial<EvidenceMeta> & { contentType?: string };
  return { length: doc.length, contentType: metadata.contentType ?? 'application/octet-stream', metadata };
}

export function openEvidenceDownload(fileId: mongoose.Types.ObjectId): Readable {
  return bucket().openDownloadStream(fileId);
}

/**
 * Removes stored files no response refers to, older than `minAgeMs` (uploads in progress are
 * younger). Such files exist only if the process died between storing a file and recording it
 * on its response; run at start-up or as maintenance. Returns how many were removed.
 */
export async function removeOrphanEvidence(isReferenced: (fileId: mongoose.Types.ObjectId) => Promise<boolean>, minAgeMs = 60 * 60 * 1000): Promise<number> {
  const cutoff = new Date(Date.now() - minAgeMs);
  const cursor = bucket().find({ uploadDate: { $lt: cutoff } }, { projection: { _id: 1 } });
  let removed = 0;
  for await (const file of cursor) {
    const id = file._id as mongoose.Types.ObjectId;
    if (await isReferenced(id)) continue;
    await deleteEvidenceFile(id);
    removed += 1;
  }
  return removed;
}
