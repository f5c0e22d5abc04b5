// GridFS bucket operations: upload from {$$hexBytes}, download into a Buffer, delete, rename.
import { GridFSBucket } from 'mongodb';
import { Args } from './crud-ops';
import { UnsupportedOperation } from './crud-ops';

function hexSource(source: any): Buffer {
  const hex = source?.$$hexBytes;
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`malformed upload source ${JSON.stringify(source)}`);
  return Buffer.from(hex, 'hex');
}

function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    stream.on('data', (d: Buffer) => parts.push(d));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(parts)));
  });
}

function writeAll(stream: NodeJS.WritableStream, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(data);
  });
}

export async function bucketOperation(bucket: GridFSBucket, name: string, args: Args): Promise<unknown> {
  const { filename, source, id, ...rest } = args;
  switch (name) {
    case 'upload':
    case 'uploadWithId': {
      // The Node driver never computes MD5 (deprecated in the GridFS spec), so disableMD5 has nothing to switch off.
      const { disableMD5: _ignored, ...opts } = rest;
      const stream = name === 'upload' ? bucket.openUploadStream(filename, opts) : bucket.openUploadStreamWithId(id, filename, opts);
      await writeAll(stream, hexSource(source));
      return stream.id;
    }
    case 'download': return drain(bucket.openDownloadStream(id));
    case 'downloadByName': return drain(bucket.openDownloadStreamByName(filename, rest));
    case 'delete': return bucket.delete(id);
    case 'rename': return bucket.rename(id, rest.newFilename);
    case 'drop': return bucket.drop();
    default: throw new UnsupportedOperation(`bucket.${name}`);
  }
}
