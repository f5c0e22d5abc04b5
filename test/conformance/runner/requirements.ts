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
  return { version: versionString.split('.').map((x) => parseInt(x, 10) || 0), versionString, topology, failPoints };
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

/** Feature-based skips decided from the test's content and what the server said it supports. */
export function featureSkip(test: any, info: ServerInfo): Skip | null {
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
