// runOnRequirements evaluation and the runner's skip policy. Every skip carries a category and a
// written reason; a test is only ever skipped for what it *needs* (a server version, topology or
// feature the embedded server does not claim, or a driver API that does not exist), never
// because it failed.
import { MongoClient } from 'mongodb';

export interface ServerInfo {
  version: number[];
  versionString: string;
  topology: 'single' | 'replicaset' | 'sharded' | 'load-balanced';
  /** The server answers configureFailPoint (fault injection used by many retry/transaction tests). */
  failPoints: boolean;
  /** Features the server explicitly declares unsupported (answers "... not supported"), by name. */
  unsupported: string[];
}

export interface Skip { category: string; reason: string }

export async function probeServer(client: MongoClient): Promise<ServerInfo> {
  const admin = client.db('admin');
  const build = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const topology = hello.msg === 'isdbgrid' ? 'sharded' : hello.setName ? 'replicaset' : 'single';
  let failPoints = true;
  try {
    await admin.command({ configureFailPoint: 'failCommand', mode: 'off' });
  } catch {
    failPoints = false;
  }
  const versionString = String(build.version);
  const unsupported = await probeDeclaredUnsupported(client);
  return { version: versionString.split('.').map((x) => parseInt(x, 10) || 0), versionString, topology, failPoints, unsupported };
}

/**
 * Asks the server about optional features. Only an explicit refusal ("not supported" /
 * NotImplemented / CommandNotSupported) counts; any other failure leaves the feature "supported",
 * so its tests run and a bug shows up as a failure rather than a skip.
 */
async function probeDeclaredUnsupported(client: MongoClient): Promise<string[]> {
  const db = client.db('conformance_probe');
  const coll = db.collection('probe');
  await coll.insertOne({ _id: 1 } as any).catch(() => {});
  const probes: Record<string, () => Promise<unknown>> = {
    collation: () => coll.find({}, { collation: { locale: 'en', strength: 2 } }).toArray(),
    $out: () => coll.aggregate([{ $match: {} }, { $out: 'probe_out' }]).toArray(),
    $merge: () => coll.aggregate([{ $match: {} }, { $merge: { into: 'probe_merge' } }]).toArray(),
    views: () => db.createCollection('probe_view', { viewOn: 'probe', pipeline: [] }),
    collMod: () => db.command({ collMod: 'probe', validator: {} }),
  };
  const out: string[] = [];
  for (const [feature, probe] of Object.entries(probes)) {
    try {
      await probe();
    } catch (err: any) {
      if (err?.code === 115 || err?.code === 238 || /not (be )?(supported|implemented)/i.test(String(err?.message))) out.push(feature);
    }
  }
  await db.dropDatabase().catch(() => {});
  return out;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const parseVersion = (s: string) => s.split('.').map((x) => parseInt(x, 10) || 0);

/** Why a single runOnRequirement is not met, or null when it is. */
function unmet(req: any, info: ServerInfo): Skip | null {
  if (req.minServerVersion && compareVersions(info.version, parseVersion(req.minServerVersion)) < 0) {
    return { category: `requires server >= ${req.minServerVersion}`, reason: `needs MongoDB ${req.minServerVersion}+; the embedded server implements ${info.versionString} semantics` };
  }
  if (req.maxServerVersion && compareVersions(info.version, parseVersion(req.maxServerVersion)) > 0) {
    return { category: 'legacy server behaviour (maxServerVersion)', reason: `asserts the behaviour of MongoDB <= ${req.maxServerVersion} (older than the ${info.versionString} we emulate)` };
  }
  if (req.topologies) {
    const ok = req.topologies.some((t: string) => t === info.topology || (t === 'sharded-replicaset' && info.topology === 'sharded'));
    if (!ok) return { category: `topology ${req.topologies.join('/')} only`, reason: `needs a ${req.topologies.join(' or ')} deployment; the embedded server is a ${info.topology}` };
  }
  if (req.serverless === 'require') return { category: 'serverless only', reason: 'needs Atlas Serverless' };
  if (req.auth === true) return { category: 'requires authentication', reason: 'needs a server with authentication enabled (the embedded server listens on loopback without auth)' };
  if (req.csfle) return { category: 'requires client-side encryption', reason: 'needs CSFLE (mongocryptd / libmongocrypt)' };
  if (req.serverParameters) return { category: 'requires server parameters', reason: `needs getParameter ${Object.keys(req.serverParameters).join(', ')}` };
  return null;
}

/** Null when at least one requirement is met (or none are given). */
export function requirementsSkip(reqs: any[] | undefined, info: ServerInfo): Skip | null {
  if (!reqs || reqs.length === 0) return null;
  let first: Skip | null = null;
  for (const r of reqs) {
    const why = unmet(r, info);
    if (!why) return null;
    first ??= why;
  }
  return first;
}

function operationNames(ops: any[]): string[] {
  const out: string[] = [];
  for (const op of ops ?? []) {
    out.push(op.name);
    if (op.name === 'withTransaction') out.push(...operationNames(op.arguments?.callback));
  }
  return out;
}

/** True when some nested value satisfies `pred(key, value)`. */
function some(v: unknown, pred: (key: string, value: any) => boolean): boolean {
  if (Array.isArray(v)) return v.some((x) => some(x, pred));
  if (v === null || typeof v !== 'object' || (v as any)._bsontype) return false;
  return Object.entries(v).some(([k, x]) => pred(k, x) || some(x, pred));
}

const UNSUPPORTED_REASON: Record<string, { category: string; uses: (file: any, test: any) => boolean }> = {
  collation: {
    category: 'collation (declared unsupported by the server)',
    uses: (_f, t) => some(t.operations, (k) => k === 'collation'),
  },
  $out: { category: '$out stage (declared unsupported by the server)', uses: (_f, t) => some(t.operations, (k) => k === '$out') },
  $merge: { category: '$merge stage (declared unsupported by the server)', uses: (_f, t) => some(t.operations, (k) => k === '$merge') },
  views: {
    category: 'views (declared unsupported by the server)',
    uses: (f, t) => some([t.operations, f.initialData], (k) => k === 'viewOn'),
  },
  collMod: {
    category: 'collMod / document validators (declared unsupported by the server)',
    uses: (_f, t) => some(t.operations, (k, v) => k === 'collMod' || (k === 'name' && v === 'modifyCollection')),
  },
};

/** Feature-based skips decided from the test's content and what the server said it supports. */
export function featureSkip(file: any, test: any, info: ServerInfo): Skip | null {
  for (const feature of info.unsupported) {
    const u = UNSUPPORTED_REASON[feature];
    if (u?.uses(file, test)) {
      return { category: u.category, reason: `uses ${feature}; the embedded server answers it with an explicit "not supported" error (probed at start-up)` };
    }
  }
  const secondaryClient = (defs: unknown) => some(defs, (k, v) => k === 'uriOptions' && v?.readPreference === 'secondary');
  if (secondaryClient(file.createEntities) || secondaryClient(test.operations)) {
    return {
      category: 'needs replica-set secondaries',
      reason: 'a client with readPreference "secondary" must find a secondary to connect; the embedded server is a one-member replica set (as a real single-node set would be)',
    };
  }
  const names = operationNames(test.operations);
  if (!info.failPoints && (names.includes('failPoint') || names.includes('targetedFailPoint'))) {
    return {
      category: 'fault injection (configureFailPoint)',
      reason: 'uses configureFailPoint to inject server errors; that test-only command is not implemented by the embedded server',
    };
  }
  if (names.includes('targetedFailPoint')) {
    return { category: 'mongos-targeted fail point', reason: 'targetedFailPoint pins a fail point to one mongos of a sharded cluster' };
  }
  const missing = names.find((n) => n === 'deleteByName' || n === 'renameByName');
  if (missing) {
    return { category: 'GridFS by-name helpers absent from the Node driver', reason: `${missing} is not part of the Node driver 7 GridFSBucket API (only delete/rename by id)` };
  }
  return null;
}
