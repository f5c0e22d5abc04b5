/** GridFS through the driver's GridFSBucket: upload (multi-chunk), download, ranges, delete. */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { GridFSBucket } from 'mongodb';
import { startTestDb, TestDb } from './helpers';

let db: TestDb;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });

function upload(bucket: GridFSBucket, name: string, data: Buffer, metadata?: Record<string, unknown>) {
  return new Promise<unknown>((resolve, reject) => {
    const stream = bucket.openUploadStream(name, { metadata, chunkSizeBytes: 64 * 1024 });
    Readable.from([data]).pipe(stream).on('finish', () => resolve(stream.id)).on('error', reject);
  });
}

async function download(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

test('upload, list, download (whole and range) and delete a multi-chunk file', async () => {
  const bucket = new GridFSBucket(db.client.db('files'), { bucketName: 'lampiran' });
  const data = crypto.randomBytes(300 * 1024 + 17);
  const id = await upload(bucket, 'laporan.pdf', data, { owner: 'lks-1' });
  const files = await bucket.find({ filename: 'laporan.pdf' }).toArray();
  expect(files).toHaveLength(1);
  expect(files[0]).toMatchObject({ length: data.length, chunkSize: 64 * 1024, metadata: { owner: 'lks-1' } });
  expect(await db.client.db('files').collection('lampiran.chunks').countDocuments({ files_id: id })).toBe(5);
  expect((await download(bucket.openDownloadStream(id as never))).equals(data)).toBe(true);
  expect((await download(bucket.openDownloadStreamByName('laporan.pdf'))).equals(data)).toBe(true);
  const part = await download(bucket.openDownloadStream(id as never, { start: 70_000, end: 140_000 }));
  expect(part.equals(data.subarray(70_000, 140_000))).toBe(true);
  const indexes = (await db.client.db('files').collection('lampiran.chunks').listIndexes().toArray()).map((i) => i.name);
  expect(indexes).toContain('files_id_1_n_1');
  await bucket.delete(id as never);
  expect(await bucket.find({}).toArray()).toHaveLength(0);
  expect(await db.client.db('files').collection('lampiran.chunks').countDocuments()).toBe(0);
});

test('an empty file and a missing file', async () => {
  const bucket = new GridFSBucket(db.client.db('files'));
  const id = await upload(bucket, 'empty.txt', Buffer.alloc(0));
  expect((await download(bucket.openDownloadStream(id as never))).length).toBe(0);
  await expect(download(bucket.openDownloadStreamByName('nope.txt'))).rejects.toThrow(/FileNotFound|no file/i);
});
