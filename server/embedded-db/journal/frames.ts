// On-disk framing of journal entries. One frame holds one append() or one appendMany() group,
// so a group is recovered all-or-nothing: the CRC covers every record of the group together.
//
//   frame   = u32 payloadLength | u32 crc32(payload) | payload
//   payload = u32 recordCount | (u32 recordLength | record bytes) * recordCount
//
// All integers little-endian. A frame that is short, fails its CRC or does not parse exactly is
// where the valid log ends (a torn write from a crash, or corruption).
import { crc32 } from 'zlib';

export const FRAME_HEADER_BYTES = 8;
/** Refuse absurd lengths early so a corrupt header cannot make us allocate gigabytes. */
const MAX_FRAME_BYTES = 1024 * 1024 * 1024;

export function encodeFrame(records: readonly Buffer[]): Buffer {
  let payloadLength = 4;
  for (const r of records) payloadLength += 4 + r.length;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payloadLength);
  let at = FRAME_HEADER_BYTES;
  frame.writeUInt32LE(records.length, at);
  at += 4;
  for (const r of records) {
    frame.writeUInt32LE(r.length, at);
    at += 4;
    r.copy(frame, at);
    at += r.length;
  }
  const payload = frame.subarray(FRAME_HEADER_BYTES);
  frame.writeUInt32LE(payloadLength, 0);
  frame.writeUInt32LE(crc32(payload) >>> 0, 4);
  return frame;
}

export interface DecodeResult {
  records: Buffer[];
  /** Byte offset just after the last valid frame; equals the input length when nothing is torn. */
  validLength: number;
  frames: number;
  /** Why decoding stopped early, when it did. */
  problem: string | null;
}

export function decodeFrames(data: Buffer): DecodeResult {
  const records: Buffer[] = [];
  let at = 0;
  let frames = 0;
  while (at < data.length) {
    const problem = checkFrameAt(data, at);
    if (problem) return { records, validLength: at, frames, problem };
    const payloadLength = data.readUInt32LE(at);
    const payload = data.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + payloadLength);
    const group = parsePayload(payload);
    if (!group) return { records, validLength: at, frames, problem: `frame at byte ${at} does not parse` };
    for (const r of group) records.push(r);
    at += FRAME_HEADER_BYTES + payloadLength;
    frames++;
  }
  return { records, validLength: at, frames, problem: null };
}

function checkFrameAt(data: Buffer, at: number): string | null {
  if (data.length - at < FRAME_HEADER_BYTES) return `incomplete frame header at byte ${at}`;
  const payloadLength = data.readUInt32LE(at);
  if (payloadLength < 4 || payloadLength > MAX_FRAME_BYTES) return `bad frame length ${payloadLength} at byte ${at}`;
  if (data.length - at - FRAME_HEADER_BYTES < payloadLength) return `incomplete frame at byte ${at}`;
  const payload = data.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + payloadLength);
  if ((crc32(payload) >>> 0) !== data.readUInt32LE(at + 4)) return `checksum mismatch in frame at byte ${at}`;
  return null;
}

function parsePayload(payload: Buffer): Buffer[] | null {
  const count = payload.readUInt32LE(0);
  const out: Buffer[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (payload.length - at < 4) return null;
    const len = payload.readUInt32LE(at);
    at += 4;
    if (payload.length - at < len) return null;
    // Copy so callers may keep records without pinning the whole file buffer.
    out.push(Buffer.from(payload.subarray(at, at + len)));
    at += len;
  }
  return at === payload.length ? out : null;
}
