/** Wire protocol: handshake shapes and bad input (the server answers or drops, never dies). */
import { BSON, Long } from 'bson';
import { EmbeddedMongo, startEmbeddedMongo } from '../../server/embedded-db';
import { quietLogger } from './helpers';
import { OP_MSG, OP_REPLY, opMsg, opQuery, RawClient, rawMessage } from './raw-client';

let server: EmbeddedMongo;
beforeAll(async () => { server = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger }); });
afterAll(async () => { await server.stop(); });

async function ping(): Promise<number> {
  const c = await RawClient.connect(server.port);
  c.send(opMsg(1, { ping: 1, $db: 'admin' }));
  const r = await c.next();
  c.close();
  return r?.doc.ok;
}

test('legacy OP_QUERY isMaster is answered with OP_REPLY describing a one-member replica set', async () => {
  const c = await RawClient.connect(server.port);
  c.send(opQuery(7, 'admin.$cmd', { ismaster: 1, helloOk: true, client: { driver: { name: 'raw' } } }));
  const r = await c.next();
  c.close();
  expect(r?.opCode).toBe(OP_REPLY);
  expect(r?.responseTo).toBe(7);
  expect(r?.doc).toMatchObject({
    ok: 1, ismaster: true, isWritablePrimary: true, helloOk: true, setName: 'monev-rs0',
    hosts: [`127.0.0.1:${server.port}`], maxWireVersion: 21, logicalSessionTimeoutMinutes: 30,
    maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,
  });
  expect(r?.doc.topologyVersion).toBeUndefined();
  expect(r?.doc.compression).toBeUndefined();
});

test('OP_MSG commands: buildInfo matches the wire version, unknown commands are CommandNotFound', async () => {
  const c = await RawClient.connect(server.port);
  c.send(opMsg(2, { buildInfo: 1, $db: 'admin' }));
  const build = await c.next();
  expect(build?.opCode).toBe(OP_MSG);
  expect(build?.doc.version).toMatch(/^7\.0\./);
  expect(build?.doc.versionArray.slice(0, 2)).toEqual([7, 0]);
  c.send(opMsg(3, { frobnicate: 1, $db: 'admin' }));
  const unknown = await c.next();
  expect(unknown?.doc).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
  c.close();
});

test('kind-1 document sequences carry insert documents', async () => {
  const c = await RawClient.connect(server.port);
  c.send(opMsg(4, { insert: 'seq', $db: 'wire' }, 0, [{ id: 'documents', docs: [{ _id: 1 }, { _id: 2 }] }]));
  expect((await c.next())?.doc).toMatchObject({ ok: 1, n: 2 });
  c.send(opMsg(5, { find: 'seq', filter: {}, $db: 'wire' }));
  const found = await c.next();
  expect(found?.doc.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }]);
  const exact = BSON.deserialize(found!.raw, { promoteLongs: false });
  expect(exact.cursor.id).toBeInstanceOf(Long); // int64 even when 0, or the driver rejects it
  expect(exact.cursor.id.isZero()).toBe(true);
  c.close();
});

test('moreToCome (w:0) writes are applied without a reply', async () => {
  const c = await RawClient.connect(server.port);
  c.send(opMsg(6, { insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire', writeConcern: { w: 0 } }, 2));
  expect(await c.next(300)).toBeNull();
  c.send(opMsg(7, { count: 'quiet', $db: 'wire' }));
  expect((await c.next())?.doc).toMatchObject({ ok: 1, n: 1 });
  c.close();
});

test('garbage bytes, bad lengths and oversized messages close the connection; the server stays up', async () => {
  const garbage = await RawClient.connect(server.port);
  garbage.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  expect(await garbage.waitClosed()).toBe(true);

  const huge = await RawClient.connect(server.port);
  const head = Buffer.alloc(16);
  head.writeInt32LE(60_000_000, 0);
  head.writeInt32LE(OP_MSG, 12);
  huge.send(head);
  expect(await huge.waitClosed()).toBe(true);

  const tiny = await RawClient.connect(server.port);
  tiny.send(Buffer.from([3, 0, 0, 0]));
  expect(await tiny.waitClosed()).toBe(true);
  expect(await ping()).toBe(1);
});

test('unknown opcodes close the connection; truncated messages just wait', async () => {
  const c = await RawClient.connect(server.port);
  c.send(rawMessage(2010, 9, Buffer.alloc(8)));
  expect(await c.waitClosed()).toBe(true);

  const t = await RawClient.connect(server.port);
  const full = opMsg(10, { ping: 1, $db: 'admin' });
  t.send(full.subarray(0, full.length - 5));
  expect(await t.next(200)).toBeNull();
  t.send(full.subarray(full.length - 5));
  expect((await t.next())?.doc.ok).toBe(1);
  t.close();
  expect(await ping()).toBe(1);
});

test('invalid BSON and malformed sections get an error reply', async () => {
  const c = await RawClient.connect(server.port);
  const bad = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from([10, 0, 0, 0, 0x10, 0x61, 0, 1, 2, 3])]);
  c.send(rawMessage(OP_MSG, 11, bad));
  const r1 = await c.next();
  expect(r1?.doc.ok).toBe(0);
  expect([2, 9, 22]).toContain(r1?.doc.code);

  const badKind = Buffer.concat([Buffer.alloc(4), Buffer.from([7]), Buffer.from(BSON.serialize({ ping: 1 }))]);
  c.send(rawMessage(OP_MSG, 12, badKind));
  expect((await c.next())?.doc).toMatchObject({ ok: 0, code: 9 });

  const lying = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from([0xff, 0xff, 0, 0, 0])]);
  c.send(rawMessage(OP_MSG, 13, lying));
  expect((await c.next())?.doc.ok).toBe(0);

  c.send(opMsg(14, { ping: 1, $db: 'admin' }));
  expect((await c.next())?.doc.ok).toBe(1);
  c.close();
});

test('a flood of random frames never crashes the server', async () => {
  for (let round = 0; round < 30; round++) {
    const c = await RawClient.connect(server.port);
    const payload = Buffer.alloc(20 + (round * 37) % 200);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 131 + round * 17) & 0xff;
    c.send(rawMessage(round % 2 ? OP_MSG : 2004, round, payload));
    await c.next(50);
    c.close();
  }
  expect(await ping()).toBe(1);
});

/** BSON bytes of {a: {a: {a: ...}}} nested `depth` levels deep, built without recursion. */
function deeplyNested(depth: number): Buffer {
  const open = Buffer.from([0x03, 0x61, 0x00]); // embedded document "a"
  const size = 5 + 8 * depth;
  const buf = Buffer.alloc(size);
  let pos = 0;
  for (let level = 0; level <= depth; level++) {
    buf.writeInt32LE(5 + 8 * (depth - level), pos);
    pos += 4;
    if (level < depth) {
      open.copy(buf, pos);
      pos += 3;
    }
  }
  buf.fill(0, pos);
  return buf;
}

test('absurdly deep documents are refused without crashing the server', async () => {
  const c = await RawClient.connect(server.port);
  const doc = deeplyNested(200_000);
  const head = BSON.serialize({ insert: 'deep', $db: 'wire' });
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from(head), Buffer.from([1])]);
  const seqName = Buffer.from('documents\0', 'latin1');
  const seqSize = Buffer.alloc(4);
  seqSize.writeInt32LE(4 + seqName.length + doc.length, 0);
  c.send(rawMessage(OP_MSG, 20, Buffer.concat([body, seqSize, seqName, doc])));
  const r = await c.next(5000);
  expect(r?.doc.ok).toBe(0);
  expect(String(r?.doc.errmsg)).toMatch(/depth|stack/i);
  c.close();
  expect(await ping()).toBe(1);
});
