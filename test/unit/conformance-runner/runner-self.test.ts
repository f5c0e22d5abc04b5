// The runner must not pass tests it should fail: synthetic unified-format files with a correct
// test and deliberately wrong expectations (result, error, events, outcome) run against the
// embedded server; only the correct one may pass.
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../../server/embedded-db';
import { probeServer } from '../../conformance/runner/requirements';
import { runFile, TestResult } from '../../conformance/runner/run-file';
import { SpecFile } from '../../conformance/runner/spec-file';

const base = (tests: SpecFile['tests']): SpecFile => ({
  description: 'runner self-test',
  schemaVersion: '1.0',
  createEntities: [
    { client: { id: 'client0', observeEvents: ['commandStartedEvent'] } },
    { database: { id: 'db0', client: 'client0', databaseName: 'runner-self' } },
    { collection: { id: 'coll0', database: 'db0', collectionName: 'c' } },
  ],
  initialData: [{ collectionName: 'c', databaseName: 'runner-self', documents: [{ _id: 1, x: 11 }] }],
  tests,
});

const insert2 = { object: 'coll0', name: 'insertOne', arguments: { document: { _id: 2, x: 22 } } };
const goodEvents = [{ client: 'client0', events: [{ commandStartedEvent: { command: { insert: 'c', documents: [{ _id: 2, x: 22 }] }, commandName: 'insert' } }] }];
const goodOutcome = [{ collectionName: 'c', databaseName: 'runner-self', documents: [{ _id: 1, x: 11 }, { _id: 2, x: 22 }] }];

let results: TestResult[];

beforeAll(async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, port: 0 });
  const internal = new MongoClient(srv.uri);
  try {
    const server = await probeServer(internal);
    results = await runFile(base([
      { description: 'correct', operations: [{ ...insert2, expectResult: { $$unsetOrMatches: { insertedId: { $$unsetOrMatches: 2 } } } }], expectEvents: goodEvents, outcome: goodOutcome },
      { description: 'wrong result', operations: [{ ...insert2, expectResult: { insertedId: 3 } }] },
      { description: 'error expected but none', operations: [{ ...insert2, expectError: { isError: true } }] },
      { description: 'wrong error code', operations: [{ object: 'coll0', name: 'insertOne', arguments: { document: { _id: 1 } }, expectError: { errorCode: 12345 } }] },
      { description: 'unexpected error', operations: [{ object: 'coll0', name: 'insertOne', arguments: { document: { _id: 1 } } }] },
      { description: 'wrong event', operations: [insert2], expectEvents: [{ client: 'client0', events: [{ commandStartedEvent: { commandName: 'update' } }] }] },
      { description: 'missing event', operations: [insert2, { object: 'coll0', name: 'find', arguments: { filter: {} } }], expectEvents: goodEvents },
      { description: 'wrong outcome', operations: [insert2], outcome: [{ ...goodOutcome[0], documents: [{ _id: 1, x: 11 }] }] },
      { description: 'nested extra field', operations: [{ object: 'coll0', name: 'find', arguments: { filter: {} }, expectResult: [{ _id: 1 }] }, { object: 'coll0', name: 'aggregate', arguments: { pipeline: [{ $addFields: { y: { a: 'one', b: '$x' } } }] }, expectResult: [{ _id: 1, y: { a: 'one' } }] }] },
      { description: 'unknown operation', operations: [{ object: 'coll0', name: 'noSuchOperation', arguments: {} }] },
    ]), { uri: srv.uri, internal, server }, 'self/runner');
  } finally {
    await internal.close();
    await srv.stop();
  }
}, 60_000);

test('the correct test passes', () => {
  expect(results.find((r) => r.test === 'correct')).toMatchObject({ status: 'passed' });
});

test.each([
  ['wrong result', /insertedId: expected 3, got 2/],
  ['error expected but none', /expected an error/],
  ['wrong error code', /expected error code 12345, got 11000/],
  ['unexpected error', /E11000|duplicate key/i],
  ['wrong event', /expected command update, observed insert/],
  ['missing event', /expected 1 command event\(s\), observed 2/],
  ['wrong outcome', /outcome runner-self.c/],
  ['nested extra field', /unexpected extra field\(s\) b/],
  ['unknown operation', /noSuchOperation is not implemented/],
])('a deliberately wrong expectation fails for the right reason: %s', (name, why) => {
  const r = results.find((x) => x.test === name);
  expect(r?.status).toBe('failed');
  expect(r?.error).toMatch(why);
});
