/** Retryable writes: the same (lsid, txnNumber) sent twice is applied once. */
import { Long, UUID } from 'bson';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, startEmbeddedMongo } from '../../server/embedded-db';
import { quietLogger } from './helpers';
import { opMsg, RawClient } from './raw-client';

let server: EmbeddedMongo;
let c: RawClient;
let rid = 1;
beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger });
  c = await RawClient.connect(server.port);
});
afterAll(async () => { c.close(); await server.stop(); });

async function run(cmd: Record<string, unknown>) {
  c.send(opMsg(rid++, { ...cmd, $db: 'retry' }));
  return (await c.next())!.doc;
}

test('a retried $inc with the same txnNumber returns the first result and is not applied twice', async () => {
  const lsid = { id: new UUID() };
  await run({ insert: 'counters', documents: [{ _id: 'c', n: 0 }] });
  const update = { update: 'counters', updates: [{ q: { _id: 'c' }, u: { $inc: { n: 1 } } }], lsid, txnNumber: Long.fromNumber(1) };
  const first = await run(update);
  const retry = await run(update);
  expect(first).toMatchObject({ ok: 1, n: 1, nModified: 1 });
  expect(retry).toEqual(first);
  expect((await run({ find: 'counters', filter: { _id: 'c' } })).cursor.firstBatch[0].n).toBe(1);
  await run({ ...update, txnNumber: Long.fromNumber(2) });
  expect((await run({ find: 'counters', filter: { _id: 'c' } })).cursor.firstBatch[0].n).toBe(2);
});

test('a retried insert does not raise a duplicate key error', async () => {
  const lsid = { id: new UUID() };
  const insert = { insert: 'docs', documents: [{ _id: 'once' }], lsid, txnNumber: Long.fromNumber(5) };
  expect(await run(insert)).toMatchObject({ ok: 1, n: 1 });
  const again = await run(insert);
  expect(again).toMatchObject({ ok: 1, n: 1 });
  expect(again.writeErrors).toBeUndefined();
  expect((await run({ count: 'docs' })).n).toBe(1);
});

test('findAndModify is deduplicated too; an older txnNumber is refused', async () => {
  const lsid = { id: new UUID() };
  await run({ insert: 'fam', documents: [{ _id: 1, n: 0 }] });
  const fam = { findAndModify: 'fam', query: { _id: 1 }, update: { $inc: { n: 1 } }, new: true, lsid, txnNumber: Long.fromNumber(3) };
  const a = await run(fam);
  const b = await run(fam);
  expect(a.value.n).toBe(1);
  expect(b.value.n).toBe(1);
  const old = await run({ ...fam, txnNumber: Long.fromNumber(2) });
  expect(old).toMatchObject({ ok: 0, code: 225 });
});

test('the driver sees retryable-write support and tags its writes with lsid + txnNumber', async () => {
  const client = new MongoClient(server.uri, { monitorCommands: true });
  const started: Array<Record<string, unknown>> = [];
  client.on('commandStarted', (e) => { if (e.commandName === 'update') started.push(e.command); });
  await client.connect();
  const coll = client.db('retry').collection('driver');
  await coll.insertOne({ _id: 1, n: 0 } as never);
  await coll.updateOne({ _id: 1 } as never, { $inc: { n: 1 } });
  expect(started).toHaveLength(1);
  expect(started[0].lsid).toBeDefined();
  expect(started[0].txnNumber).toBeDefined();
  expect(await coll.findOne({ _id: 1 } as never)).toMatchObject({ n: 1 });
  await client.close();
});
