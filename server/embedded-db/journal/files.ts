// File layout of a data directory and the small durable-file helpers the journal needs.
//
//   LOCK                     owner pid (see lock.ts)
//   snapshot                 MAGIC | u32 generation | u32 length | u32 crc32 | data
//   snapshot.tmp             a snapshot being written (ignored and removed on open)
//   journal-<gen>.log        frames appended after the snapshot of generation <gen>
//
// Compaction writes the snapshot of generation g+1 and starts journal-(g+1).log; recovery loads
// the snapshot (generation g) and replays every log with generation >= g in order. So a crash at
// any point of a compaction replays either the old snapshot plus both logs, or the new snapshot
// plus the new log; never a log on top of a snapshot that already contains it.
import fs from 'fs';
import path from 'path';
import { crc32 } from 'zlib';

export const SNAPSHOT_FILE = 'snapshot';
export const SNAPSHOT_TMP = 'snapshot.tmp';
const MAGIC = Buffer.from('MNVSNAP1', 'latin1');
const HEADER_BYTES = MAGIC.length + 12;
const LOG_RE = /^journal-(\d+)\.log$/;

export function logFileName(gen: number): string {
  return `journal-${String(gen).padStart(10, '0')}.log`;
}

export async function listLogGenerations(dir: string): Promise<number[]> {
  const names = await fs.promises.readdir(dir);
  const gens: number[] = [];
  for (const n of names) {
    const m = LOG_RE.exec(n);
    if (m) gens.push(Number(m[1]));
  }
  return gens.sort((a, b) => a - b);
}

export interface StoredSnapshot { generation: number; data: Buffer }

export async function readSnapshot(dir: string): Promise<StoredSnapshot | null> {
  const file = path.join(dir, SNAPSHOT_FILE);
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch (err: any) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  // The snapshot only ever appears through an atomic rename after fsync, so a bad one is real
  // corruption: refuse to start rather than silently come up with missing data.
  const fail = (why: string) => new Error(`Snapshot ${file} is corrupt (${why}); refusing to open the data directory`);
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw fail('bad header');
  const generation = buf.readUInt32LE(MAGIC.length);
  const length = buf.readUInt32LE(MAGIC.length + 4);
  const sum = buf.readUInt32LE(MAGIC.length + 8);
  if (buf.length !== HEADER_BYTES + length) throw fail('length mismatch');
  const data = buf.subarray(HEADER_BYTES);
  if ((crc32(data) >>> 0) !== sum) throw fail('checksum mismatch');
  return { generation, data };
}

/** tmp file + fsync + rename + fsync(dir): after this resolves the snapshot survives a crash. */
export async function writeSnapshot(dir: string, generation: number, data: Buffer): Promise<void> {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(generation, MAGIC.length);
  header.writeUInt32LE(data.length, MAGIC.length + 4);
  header.writeUInt32LE(crc32(data) >>> 0, MAGIC.length + 8);
  const tmp = path.join(dir, SNAPSHOT_TMP);
  const fh = await fs.promises.open(tmp, 'w');
  try {
    await writeFully(fh, header);
    await writeFully(fh, data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, path.join(dir, SNAPSHOT_FILE));
  await syncDir(dir);
}

/** Makes creations, renames and deletions of directory entries durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** write() may in principle write less than asked; loop until the whole buffer is on its way. */
export async function writeFully(fh: fs.promises.FileHandle, buf: Buffer): Promise<void> {
  let at = 0;
  while (at < buf.length) {
    const { bytesWritten } = await fh.write(buf, at, buf.length - at);
    at += bytesWritten;
  }
}
