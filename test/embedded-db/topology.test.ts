/** How clients reach the server: replica-set URI, directConnection, unix socket, loopback only. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { quietLogger } from './helpers';

async function roundTrip(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  await client.connect();
  try {
    const coll = client.db('topo').collection('t');
    await coll.insertOne({ a: 1 });
    const s = client.startSession();
    await s.withTransaction(async () => { await coll.insertOne({ a: 2 }, { session: s }); });
    await s.endSession();
    expect(await coll.countDocuments()).toBe(2);
  } finally {
    await client.close();
  }
}

test('the returned URI names the replica set and supports transactions', async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger, replSetName: 'rs-test' });
  try {
    expect(srv.uri).toBe(`mongodb://127.0.0.1:${srv.port}/?replicaSet=rs-test`);
    expect(srv.host).toBe('127.0.0.1');
    await roundTrip(srv.uri);
  } finally {
    await srv.stop();
  }
});

test('directConnection=true works as well', async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger });
  try {
    await roundTrip(`mongodb://127.0.0.1:${srv.port}/?directConnection=true`);
  } finally {
    await srv.stop();
  }
});

test('a unix socket can replace TCP (the driver lower-cases host names, so the path must be lower case)', async () => {
  const dir = path.join(os.tmpdir(), `edb-sock-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir);
  const socketPath = path.join(dir, 'db.sock');
  const srv = await startEmbeddedMongo({ dataDir: null, socketPath, logger: quietLogger });
  try {
    expect(srv.uri).toContain(encodeURIComponent(socketPath));
    await roundTrip(srv.uri);
  } finally {
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('IPv6 loopback', async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, host: '::1', port: 0, logger: quietLogger }).catch(() => null);
  if (!srv) return; // this machine has no IPv6 loopback
  try {
    expect(srv.uri).toBe(`mongodb://[::1]:${srv.port}/?replicaSet=monev-rs0`);
    await roundTrip(srv.uri);
  } finally {
    await srv.stop();
  }
});

test('socket paths with upper-case letters are refused with an explanation', async () => {
  await expect(startEmbeddedMongo({ dataDir: null, socketPath: '/tmp/Upper.sock', logger: quietLogger })).rejects.toThrow(/lower-case/);
});

test('non-loopback addresses are refused', async () => {
  await expect(startEmbeddedMongo({ dataDir: null, host: '0.0.0.0', port: 0, logger: quietLogger })).rejects.toThrow(/loopback/);
});

test('stop() closes client connections and frees the port', async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger });
  const client = new MongoClient(srv.uri, { serverSelectionTimeoutMS: 500 });
  await client.connect();
  await srv.stop();
  await expect(client.db('x').command({ ping: 1 })).rejects.toThrow();
  await client.close();
  const again = await startEmbeddedMongo({ dataDir: null, port: srv.port, logger: quietLogger });
  await again.stop();
});
