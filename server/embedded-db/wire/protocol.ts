/**
 * MongoDB wire messages: the 16-byte header, OP_QUERY (legacy handshake), OP_MSG (everything
 * else) and OP_REPLY (answer to OP_QUERY). Parsing is defensive: every length is checked against
 * the buffer, so a malformed message raises a ProtocolError instead of reading out of bounds.
 */
import { decodeDocument, encodeDocument } from '../values/codec';
import { setField } from '../values/fields';
import { Doc } from '../values/types';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_BYTES = 16 * 1024 * 1024;

const FLAG_CHECKSUM = 1;
const FLAG_MORE_TO_COME = 2;

export class ProtocolError extends Error {}

export interface Header { length: number; requestId: number; responseTo: number; opCode: number }

export interface ParsedCommand {
  kind: 'query' | 'msg';
  requestId: number;
  /** Database the command addresses (`$db` or the OP_QUERY namespace). */
  db: string;
  body: Doc;
  /** OP_MSG moreToCome: the client expects no reply. */
  moreToCome: boolean;
  /** OP_QUERY on a collection other than `$cmd` (legacy find): unsupported. */
  legacyNamespace?: string;
  /** Size of the whole message: no document in it can be larger. */
  bytes: number;
}

export function readHeader(buf: Buffer, offset = 0): Header {
  return {
    length: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

function readCString(buf: Buffer, offset: number, end: number): [string, number] {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated string in message');
  return [buf.toString('utf8', offset, zero), zero + 1];
}

function readDocument(buf: Buffer, offset: number, end: number): [Doc, number] {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document length');
  return [decodeDocument(buf.subarray(offset, offset + size)), offset + size];
}

function parseQuery(msg: Buffer, header: Header): ParsedCommand {
  let pos = 16 + 4; // flags
  const [ns, afterNs] = readCString(msg, pos, msg.length);
  pos = afterNs + 8; // numberToSkip, numberToReturn
  const [query] = readDocument(msg, pos, msg.length);
  const dot = ns.indexOf('.');
  const db = dot < 0 ? ns : ns.slice(0, dot);
  const coll = dot < 0 ? '' : ns.slice(dot + 1);
  // Drivers may wrap the command as {$query: {...}, $readPreference: ...}.
  const body = query.$query && typeof query.$query === 'object' ? (query.$query as Doc) : query;
  return { kind: 'query', requestId: header.requestId, db, body, moreToCome: false, legacyNamespace: coll === '$cmd' ? undefined : ns, bytes: msg.length };
}

function parseMsg(msg: Buffer, header: Header): ParsedCommand {
  const flags = msg.readUInt32LE(16);
  // Bits 0-15 are required to be understood; we understand checksumPresent and moreToCome only.
  if ((flags & 0xffff & ~(FLAG_CHECKSUM | FLAG_MORE_TO_COME)) !== 0) throw new ProtocolError(`unsupported OP_MSG flags ${flags}`);
  const end = flags & FLAG_CHECKSUM ? msg.length - 4 : msg.length;
  let pos = 20;
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (pos < end) {
    const kind = msg[pos++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      [body, pos] = readDocument(msg, pos, end);
    } else if (kind === 1) {
      if (pos + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = msg.readInt32LE(pos);
      const seqEnd = pos + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence length');
      let [identifier, p] = readCString(msg, pos + 4, seqEnd);
      const docs: Doc[] = [];
      while (p < seqEnd) {
        const [doc, next] = readDocument(msg, p, seqEnd);
        docs.push(doc);
        p = next;
      }
      sequences.push([identifier, docs]);
      pos = seqEnd;
    } else throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
  }
  if (!body) throw new ProtocolError('OP_MSG without body section');
  for (const [identifier, docs] of sequences) setField(body, identifier, docs);
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return { kind: 'msg', requestId: header.requestId, db, body, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, bytes: msg.length };
}

/** Parses one complete message (header included). Throws ProtocolError on malformed input. */
export function parseMessage(msg: Buffer): ParsedCommand {
  const header = readHeader(msg);
  if (header.opCode === OP_MSG) {
    if (msg.length < 21) throw new ProtocolError('truncated OP_MSG');
    return parseMsg(msg, header);
  }
  if (header.opCode === OP_QUERY) {
    if (msg.length < 30) throw new ProtocolError('truncated OP_QUERY');
    return parseQuery(msg, header);
  }
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** OP_MSG reply with one body section; `body` may be pre-encoded BSON. */
export function encodeMsgReply(responseTo: number, body: Doc | Buffer): Buffer[] {
  const bytes = Buffer.isBuffer(body) ? body : encodeDocument(body);
  const prefix = Buffer.alloc(5); // flagBits (0) + section kind 0
  return [header(16 + 5 + bytes.length, responseTo, OP_MSG), prefix, bytes];
}

/** OP_REPLY with a single document (answer to a legacy OP_QUERY). */
export function encodeOpReply(responseTo: number, body: Doc, queryFailure = false): Buffer[] {
  const bytes = encodeDocument(body);
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(queryFailure ? 2 : 0, 0); // responseFlags: bit 1 = QueryFailure
  // cursorID (8 bytes) = 0, startingFrom = 0
  fixed.writeInt32LE(1, 16); // numberReturned
  return [header(16 + 20 + bytes.length, responseTo, OP_REPLY), fixed, bytes];
}
