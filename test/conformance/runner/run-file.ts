// Runs the tests of one unified-format file: initialData, entities, operations, expected events
// and outcome, with a per-test time limit; returns one result per test.
import { MongoClient } from 'mongodb';
import { driverSkip, normaliseObservedCommand } from './driver-deviations';
import { EntityMap, ObservedEvent } from './entities';
import { match, matchExact, MatchError } from './match';
import { runOperation, OperationContext } from './operation';
import { featureSkip, requirementsSkip, ServerInfo } from './requirements';
import { schemaSupported, SpecFile, SpecTest } from './spec-file';

export type Status = 'passed' | 'failed' | 'skipped';
export interface TestResult { test: string; status: Status; category?: string; reason?: string; error?: string }

const TEST_TIMEOUT_MS = 10_000;

export interface RunnerEnv { uri: string; internal: MongoClient; server: ServerInfo }

export async function runFile(file: SpecFile, env: RunnerEnv, name: string): Promise<TestResult[]> {
  if (!schemaSupported(file.schemaVersion)) {
    return file.tests.map((t) => ({ test: t.description, status: 'failed', error: `unsupported schemaVersion ${file.schemaVersion}` }));
  }
  const fileSkip = requirementsSkip(file.runOnRequirements, env.server);
  const results: TestResult[] = [];
  for (const test of file.tests) {
    const skip = test.skipReason
      ? { category: 'skipped by the spec file', reason: test.skipReason }
      : fileSkip ?? requirementsSkip(test.runOnRequirements, env.server) ?? featureSkip(file, test, env.server) ?? driverSkip(name, test.description);
    if (skip) {
      results.push({ test: test.description, status: 'skipped', ...skip });
      continue;
    }
    results.push(await runOneTest(file, test, env));
  }
  return results;
}

async function runOneTest(file: SpecFile, test: SpecTest, env: RunnerEnv): Promise<TestResult> {
  const entities = new EntityMap(env.uri);
  const ctx: OperationContext = { entities, internal: env.internal, usedTransactions: false, failPoints: [] };
  let timer: NodeJS.Timeout | undefined;
  try {
    const body = (async () => {
      await loadInitialData(file.initialData ?? [], env.internal);
      await entities.create(file.createEntities ?? []);
      for (const op of test.operations) await runOperation(op, ctx);
      for (const [, c] of entities.clients()) c.recording.on = false;
      for (const expected of test.expectEvents ?? []) checkEvents(expected, entities);
      for (const data of test.outcome ?? []) await checkOutcome(data, env.internal);
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test did not finish within ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
    });
    await Promise.race([body, timeout]);
    body.catch(() => {});
    return { test: test.description, status: 'passed' };
  } catch (err: any) {
    const kind = err instanceof MatchError ? 'assertion' : err?.name ?? 'error';
    return { test: test.description, status: 'failed', error: `${kind}: ${err?.message ?? String(err)}`.slice(0, 600) };
  } finally {
    clearTimeout(timer);
    for (const fp of ctx.failPoints) await fp.client.db('admin').command({ configureFailPoint: fp.name, mode: 'off' }).catch(() => {});
    await entities.dispose();
    if (ctx.usedTransactions) await env.internal.db('admin').command({ killAllSessions: [] }).catch(() => {});
  }
}

async function loadInitialData(data: any[], internal: MongoClient): Promise<void> {
  for (const d of data) {
    const db = internal.db(d.databaseName);
    await db.collection(d.collectionName).drop({ writeConcern: { w: 'majority' } }).catch((err) => {
      if (err?.code !== 26 && !/ns not found/i.test(String(err?.message))) throw err;
    });
    if (d.createOptions) await db.createCollection(d.collectionName, { ...d.createOptions, writeConcern: { w: 'majority' } });
    if (d.documents?.length) {
      await db.collection(d.collectionName).insertMany(d.documents, { writeConcern: { w: 'majority' } });
    } else if (!d.createOptions) {
      await db.createCollection(d.collectionName, { writeConcern: { w: 'majority' } });
    }
  }
}

const EVENT_KEYS = ['commandStartedEvent', 'commandSucceededEvent', 'commandFailedEvent'];

function checkEvents(expected: any, entities: EntityMap): void {
  const eventType = expected.eventType ?? 'command';
  const observed = entities.client(expected.client).events.filter((e) => (eventType === 'command') === EVENT_KEYS.includes(e.type));
  const want: any[] = expected.events;
  const tooMany = !expected.ignoreExtraEvents && observed.length > want.length;
  if (observed.length < want.length || tooMany) {
    throw new MatchError(`client ${expected.client}: expected ${want.length} ${eventType} event(s), observed ${observed.length}: ${summarise(observed)}`);
  }
  want.forEach((w, i) => {
    const [type, spec] = Object.entries(w)[0] as [string, any];
    const actual = observed[i];
    const where = `event[${i}] ${type}`;
    if (actual.type !== type) throw new MatchError(`${where}: observed ${actual.type} (${actual.event.commandName ?? ''}) instead; all: ${summarise(observed)}`);
    if (spec.commandName !== undefined && spec.commandName !== actual.event.commandName) {
      throw new MatchError(`${where}: expected command ${spec.commandName}, observed ${actual.event.commandName}; all: ${summarise(observed)}`);
    }
    if (spec.databaseName !== undefined && spec.databaseName !== actual.event.databaseName) {
      throw new MatchError(`${where}: expected database ${spec.databaseName}, observed ${actual.event.databaseName}`);
    }
    if (spec.command !== undefined) match(spec.command, normaliseObservedCommand(spec.command, actual.event.command), entities, true, `${where}.command`);
    if (spec.reply !== undefined) match(spec.reply, actual.event.reply, entities, true, `${where}.reply`);
    if (spec.hasServiceId !== undefined && spec.hasServiceId !== (actual.event.serviceId != null)) throw new MatchError(`${where}: hasServiceId`);
  });
}

function summarise(events: ObservedEvent[]): string {
  return events.map((e) => e.event.commandName ?? e.type).join(', ') || '(none)';
}

async function checkOutcome(data: any, internal: MongoClient): Promise<void> {
  const docs = await internal.db(data.databaseName).collection(data.collectionName)
    .find({}, { sort: { _id: 1 }, readConcern: { level: 'local' }, readPreference: 'primary' }).toArray();
  matchExact(data.documents, docs, `outcome ${data.databaseName}.${data.collectionName}`);
}
