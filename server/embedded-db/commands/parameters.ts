/**
 * getParameter / setParameter. Only parameters this server honours (or whose value it reports
 * truthfully, like the log level it keeps) are registered; anything else is what mongod answers
 * for a name it does not know: 72 InvalidOptions "attempted to set unrecognized parameter".
 * Startup-only parameters refuse changes with 20 IllegalOperation, wrong types with 2 BadValue,
 * and both commands run against `admin` only (13 Unauthorized), as on mongod. setParameter
 * replies `was`: the previous value of the first parameter named.
 */
import { Long } from 'bson';
import { CommandError, Codes } from '../errors';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { CommandContext, CommandDef, ServerState } from './context';

type Coerce = (v: unknown) => unknown | undefined;

interface ParameterDef {
  /** Value when the server starts. */
  initial: unknown;
  runtime: boolean;
  coerce?: Coerce;
  /** Makes the value take effect. */
  apply?: (state: ServerState, value: unknown) => void;
}

const bool: Coerce = (v) => (typeof v === 'boolean' ? v : numKind(v) ? toNumber(v) !== 0 : undefined);
const int = (min: number, max = Number.MAX_SAFE_INTEGER): Coerce => (v) => {
  if (!numKind(v)) return undefined;
  const n = toNumber(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};

const GENERIC = new Set(['setParameter', 'getParameter', 'comment', 'lsid', 'txnNumber', '$db', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'writeConcern']);

export const PARAMETER_DEFS: Record<string, ParameterDef> = {
  featureCompatibilityVersion: { initial: { version: '7.0' }, runtime: false },
  transactionLifetimeLimitSeconds: {
    initial: 60, runtime: true, coerce: int(1),
    apply: (state, v) => { state.parameters.transactionLifetimeMs = Number(v) * 1000; },
  },
  /** Lock waits never happen here (a conflict fails at once); the value is kept and reported. */
  maxTransactionLockRequestTimeoutMillis: { initial: 5, runtime: true, coerce: int(-1) },
  cursorTimeoutMillis: {
    initial: Long.fromNumber(600_000), runtime: true,
    coerce: (v) => { const n = int(1)(v); return n === undefined ? undefined : Long.fromNumber(n as number); },
    apply: (state, v) => state.cursors.setTimeout(toNumber(v)),
  },
  notablescan: { initial: false, runtime: true, coerce: bool, apply: (state, v) => { state.engine.noTableScan = v === true; } },
  ttlMonitorEnabled: { initial: true, runtime: true, coerce: bool },
  ttlMonitorSleepSecs: { initial: 60, runtime: false },
  /** The embedded server logs through the host application's logger; the level is kept and reported. */
  logLevel: { initial: 0, runtime: true, coerce: int(0, 5) },
  quiet: { initial: false, runtime: true, coerce: bool },
  logComponentVerbosity: { initial: { verbosity: 0 }, runtime: true, coerce: (v) => (isPlainObject(v) ? v : undefined) },
  enableTestCommands: { initial: false, runtime: false },
  maxBSONDepth: { initial: 200, runtime: false },
};

/** The definition of a parameter this server knows; names inherited from Object.prototype are not parameters. */
function parameterDef(name: string): ParameterDef | undefined {
  return Object.hasOwn(PARAMETER_DEFS, name) ? PARAMETER_DEFS[name] : undefined;
}

/** Current values, per server (tests run several servers in one process). */
export class ServerParameters {
  private readonly values = new Map<string, unknown>();
  /** Transactions open longer than this are aborted (transactionLifetimeLimitSeconds, kept in ms). */
  transactionLifetimeMs: number;

  constructor(transactionLifetimeMs = 60_000, ttlMonitorIntervalMs = 60_000) {
    for (const [name, def] of Object.entries(PARAMETER_DEFS)) this.values.set(name, def.initial);
    this.transactionLifetimeMs = transactionLifetimeMs;
    this.values.set('transactionLifetimeLimitSeconds', Math.max(1, Math.round(transactionLifetimeMs / 1000)));
    this.values.set('ttlMonitorSleepSecs', Math.max(1, Math.round(ttlMonitorIntervalMs / 1000)));
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  all(): Doc {
    return Object.fromEntries(this.values);
  }
}

function adminOnly(ctx: CommandContext): void {
  if (ctx.db !== 'admin') throw new CommandError(Codes.Unauthorized, `${ctx.name} may only be run against the admin database.`);
}

function describe(def: ParameterDef, value: unknown): Doc {
  return { value, settableAtRuntime: def.runtime, settableAtStartup: true };
}

function getParameter(ctx: CommandContext): Doc {
  adminOnly(ctx);
  const params = ctx.state.parameters;
  const which = ctx.body.getParameter;
  const details = isPlainObject(which) && which.showDetails === true;
  const all = which === '*' || (isPlainObject(which) && which.allParameters === true);
  const out: Doc = {};
  const names = all ? Object.keys(PARAMETER_DEFS) : Object.keys(ctx.body).filter((k) => !GENERIC.has(k) && parameterDef(k));
  for (const name of names) out[name] = details ? describe(parameterDef(name)!, params.get(name)) : params.get(name);
  if (names.length === 0) throw new CommandError(Codes.InvalidOptions, 'no option found to get');
  return { ...out, ok: 1 };
}

function setParameter(ctx: CommandContext): Doc {
  adminOnly(ctx);
  const requested = Object.keys(ctx.body).filter((k) => !GENERIC.has(k));
  if (requested.length === 0) throw new CommandError(Codes.InvalidOptions, 'no option found to set, use help:true to see options ');
  // Everything is checked before anything changes, as on mongod.
  const changes: Array<[string, ParameterDef, unknown]> = [];
  for (const name of requested) {
    const def = parameterDef(name);
    if (!def) throw new CommandError(Codes.InvalidOptions, `attempted to set unrecognized parameter [${name}], use help:true to see options `);
    if (!def.runtime) throw new CommandError(Codes.IllegalOperation, `not allowed to change [${name}] at runtime`);
    const value = def.coerce?.(ctx.body[name]);
    if (value === undefined) throw new CommandError(Codes.BadValue, `Invalid value for ${name}: ${JSON.stringify(ctx.body[name])}`);
    changes.push([name, def, value]);
  }
  const was = ctx.state.parameters.get(requested[0]);
  for (const [name, def, value] of changes) {
    ctx.state.parameters.set(name, value);
    def.apply?.(ctx.state, value);
  }
  return { was, ok: 1 };
}

export const PARAMETER_COMMANDS: Record<string, CommandDef> = {
  getParameter: { run: getParameter },
  setParameter: { run: setParameter },
};
