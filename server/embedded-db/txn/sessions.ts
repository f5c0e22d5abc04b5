/**
 * Logical sessions (the driver's `lsid`): per session the current transaction and the result of
 * the last retryable write, so a write retried with the same (lsid, txnNumber) returns its first
 * result instead of running twice. Idle sessions expire after logicalSessionTimeoutMinutes.
 */
import { Binary, Long } from 'bson';
import { CommandError, Codes } from '../errors';
import { bsonTag, Doc, isPlainObject } from '../values/types';
import { Transaction } from './transaction';

export const SESSION_TIMEOUT_MINUTES = 30;

export interface RetryRecord { txnNumber: bigint; reply: Promise<Doc | Buffer> }

export class Session {
  lastUsed = Date.now();
  txn: Transaction | null = null;
  /** Highest txnNumber seen: older ones are refused (TransactionTooOld). */
  highestTxnNumber = -1n;
  retry: RetryRecord | null = null;

  constructor(readonly id: string) {}
}

export function sessionKey(lsid: unknown): string | null {
  if (!isPlainObject(lsid)) return null;
  const id = lsid.id;
  if (bsonTag(id) !== 'Binary') throw new CommandError(Codes.BadValue, 'lsid.id must be a UUID');
  return (id as Binary).toString('hex');
}

export function txnNumberOf(v: unknown): bigint | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (bsonTag(v) === 'Long') return (v as Long).toBigInt();
  throw new CommandError(Codes.TypeMismatch, 'txnNumber must be an integer');
}

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  get size(): number {
    return this.sessions.size;
  }

  obtain(id: string): Session {
    let s = this.sessions.get(id);
    if (!s) this.sessions.set(id, (s = new Session(id)));
    s.lastUsed = Date.now();
    return s;
  }

  find(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  delete(id: string): Session | undefined {
    const s = this.sessions.get(id);
    this.sessions.delete(id);
    return s;
  }

  all(): Session[] {
    return Array.from(this.sessions.values());
  }

  /** Sessions idle past the timeout, removed from the registry. */
  expire(now = Date.now()): Session[] {
    const out: Session[] = [];
    for (const [id, s] of this.sessions) {
      if (now - s.lastUsed > SESSION_TIMEOUT_MINUTES * 60_000) {
        this.sessions.delete(id);
        out.push(s);
      }
    }
    return out;
  }
}
