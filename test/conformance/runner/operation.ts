// Executes one unified-format operation against its entity and checks expectResult /
// expectError / saveResultAsEntity. Session and testRunner operations live here as well.
import { MongoClient } from 'mongodb';
import { bucketOperation } from './bucket-ops';
import { Args, collectionOperation, databaseOperation, options, UnsupportedOperation } from './crud-ops';
import { EntityMap } from './entities';
import { checkExpectedError } from './expect-error';
import { match, MatchError } from './match';

/** Operations whose result is an iterable of documents: each element is matched as a root document. */
const ITERABLE_RESULTS = new Set(['find', 'aggregate', 'listIndexes', 'listCollections', 'listDatabases', 'runCursorCommand']);

export interface OperationContext {
  entities: EntityMap;
  internal: MongoClient;
  /** Set when a test used startTransaction/withTransaction, so the runner cleans up after it. */
  usedTransactions: boolean;
  /** Fail points switched on by the test, switched off again afterwards. */
  failPoints: { client: MongoClient; name: string }[];
}

export async function runOperation(op: any, ctx: OperationContext): Promise<void> {
  const args: Args = op.arguments ?? {};
  let result: unknown;
  let error: unknown;
  try {
    result = await dispatch(op.object, op.name, args, ctx);
  } catch (err) {
    if (err instanceof UnsupportedOperation || err instanceof MatchError) throw err;
    error = err ?? new Error('operation threw a falsy value');
  }
  if (op.ignoreResultAndError) {
    if (error !== undefined && op.rethrow) throw error;
    return;
  }
  if (op.expectError) {
    checkExpectedError(op.expectError, error, ctx.entities);
  } else if (error !== undefined) {
    throw error;
  }
  if (op.expectResult !== undefined && !op.expectError) {
    if (ITERABLE_RESULTS.has(op.name) && Array.isArray(op.expectResult) && Array.isArray(result)) {
      if (result.length !== op.expectResult.length) {
        throw new MatchError(`expected ${op.expectResult.length} result document(s), got ${result.length}`);
      }
      op.expectResult.forEach((e: unknown, i: number) => match(e, (result as unknown[])[i], ctx.entities, true, `result[${i}]`));
    } else {
      match(op.expectResult, result, ctx.entities, true, 'result');
    }
  }
  if (op.saveResultAsEntity) ctx.entities.saveResult(op.saveResultAsEntity, result);
  // Inside withTransaction callbacks, an (expected) error must still reach withTransaction.
  if (error !== undefined && op.rethrow) throw error;
}

async function dispatch(object: string, name: string, args: Args, ctx: OperationContext): Promise<unknown> {
  const { entities } = ctx;
  if (object === 'testRunner') return testRunnerOperation(name, args, ctx);
  switch (entities.kindOf(object)) {
    case 'collection': return collectionOperation(entities.collection(object), name, args, entities);
    case 'database': return databaseOperation(entities.database(object), name, args, entities);
    case 'bucket': return bucketOperation(entities.bucket(object), name, args);
    case 'session': return sessionOperation(object, name, args, ctx);
    case 'client': return clientOperation(object, name, args, ctx);
    case undefined: throw new Error(`no entity named ${object}`);
    default: throw new UnsupportedOperation(`${object}.${name}`);
  }
}

async function clientOperation(id: string, name: string, args: Args, ctx: OperationContext): Promise<unknown> {
  const { client } = ctx.entities.client(id);
  switch (name) {
    case 'listDatabases': return (await client.db('admin').admin().listDatabases(options(args, ctx.entities))).databases;
    case 'close': return client.close();
    case 'clientBulkWrite': {
      const { models, ...rest } = args;
      const converted = models.map((m: any) => {
        const [kind, spec] = Object.entries(m)[0] as [string, any];
        return { name: kind, ...spec };
      });
      const r: any = await client.bulkWrite(converted, options(rest, ctx.entities));
      const asDoc = (m: Map<number, unknown> | undefined) => (m ? Object.fromEntries(m) : undefined);
      return {
        insertedCount: r.insertedCount, upsertedCount: r.upsertedCount, matchedCount: r.matchedCount,
        modifiedCount: r.modifiedCount, deletedCount: r.deletedCount,
        insertResults: asDoc(r.insertResults), updateResults: asDoc(r.updateResults), deleteResults: asDoc(r.deleteResults),
      };
    }
    default: throw new UnsupportedOperation(`client.${name}`);
  }
}

async function sessionOperation(id: string, name: string, args: Args, ctx: OperationContext): Promise<unknown> {
  const { session } = ctx.entities.session(id);
  switch (name) {
    case 'startTransaction':
      ctx.usedTransactions = true;
      return session.startTransaction(options(args, ctx.entities));
    case 'commitTransaction': return session.commitTransaction();
    case 'abortTransaction': return session.abortTransaction();
    case 'endSession': return session.endSession();
    case 'withTransaction': {
      ctx.usedTransactions = true;
      const { callback, ...rest } = args;
      return session.withTransaction(async () => {
        for (const inner of callback) await runOperation({ ...inner, rethrow: true }, ctx);
      }, options(rest, ctx.entities));
    }
    default: throw new UnsupportedOperation(`session.${name}`);
  }
}

const TXN_STATES: Record<string, string[]> = {
  none: ['NO_TRANSACTION'],
  starting: ['STARTING_TRANSACTION'],
  in_progress: ['TRANSACTION_IN_PROGRESS'],
  committed: ['TRANSACTION_COMMITTED', 'TRANSACTION_COMMITTED_EMPTY'],
  aborted: ['TRANSACTION_ABORTED'],
};

async function testRunnerOperation(name: string, args: Args, ctx: OperationContext): Promise<unknown> {
  const { entities, internal } = ctx;
  switch (name) {
    case 'createEntities': return entities.create(args.entities);
    case 'failPoint': {
      const { client } = entities.client(args.client);
      await client.db('admin').command(args.failPoint);
      ctx.failPoints.push({ client, name: args.failPoint.configureFailPoint });
      return undefined;
    }
    case 'assertSessionTransactionState': {
      const state = (entities.session(args.session).session as any).transaction.state as string;
      if (!TXN_STATES[args.state]?.includes(state)) throw new MatchError(`session ${args.session}: expected transaction state ${args.state}, got ${state}`);
      return undefined;
    }
    case 'assertSessionPinned':
    case 'assertSessionUnpinned': {
      const pinned = entities.session(args.session).session.isPinned;
      if (pinned !== (name === 'assertSessionPinned')) throw new MatchError(`session ${args.session}: expected ${name === 'assertSessionPinned' ? '' : 'not '}pinned`);
      return undefined;
    }
    case 'assertCollectionExists':
    case 'assertCollectionNotExists': {
      const names = (await internal.db(args.databaseName).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      const exists = names.includes(args.collectionName);
      if (exists !== (name === 'assertCollectionExists')) throw new MatchError(`collection ${args.databaseName}.${args.collectionName} ${exists ? 'exists' : 'does not exist'}`);
      return undefined;
    }
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      const indexes = await internal.db(args.databaseName).collection(args.collectionName).listIndexes().toArray()
        .catch((err) => (err?.code === 26 ? [] : Promise.reject(err)));
      const exists = indexes.some((i) => i.name === args.indexName);
      if (exists !== (name === 'assertIndexExists')) throw new MatchError(`index ${args.indexName} on ${args.collectionName} ${exists ? 'exists' : 'does not exist'}`);
      return undefined;
    }
    case 'assertSameLsidOnLastTwoCommands':
    case 'assertDifferentLsidOnLastTwoCommands': {
      const events = entities.client(args.client).events.filter((e) => e.type === 'commandStartedEvent');
      const [a, b] = events.slice(-2).map((e) => JSON.stringify(e.event.command.lsid));
      if ((a === b) !== (name === 'assertSameLsidOnLastTwoCommands')) throw new MatchError(`${name} failed: ${a} vs ${b}`);
      return undefined;
    }
    default: throw new UnsupportedOperation(`testRunner.${name}`);
  }
}
