/**
 * Request body parsing with limits: JSON and urlencoded forms bounded in size, JSON bounded in
 * nesting depth (checked on the raw bytes before parsing, so a hostile body costs one linear scan).
 * Urlencoded bodies use the flat parser: `a[b]=1` stays the literal key "a[b]", never an object,
 * so operators like `username[$ne]` can't reach a query.
 */
import express, { type RequestHandler } from 'express';

export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON text, ignoring brackets inside strings. */
export function jsonDepth(buf: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { depth++; if (depth > max) max = depth; }
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function bodyParsers(limit = '1mb'): RequestHandler[] {
  return [
    express.json({
      limit,
      verify: (_req, _res, buf) => {
        if (jsonDepth(buf) > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON too deep'), { type: 'entity.verify.failed', status: 400 });
      },
    }),
    express.urlencoded({ extended: false, limit, parameterLimit: 5000 }),
  ];
}
