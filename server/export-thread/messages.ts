/** Messages between the app and an export thread (see ./index.ts). */
import type { ExportForm, ItemOrder } from '../domain/reports/export-columns';
import type { EncodedRows } from './row-codec';

/** Everything a thread needs to read and shape one export (plain data: it is cloned across). */
export interface ExportJob {
  /** The app's own connection string and database name: the thread opens its own small client. */
  uri: string;
  dbName: string;
  collections: { responses: string; organisations: string };
  /** The cast filter as BSON (ObjectIds and dates survive; a structured clone would flatten them). */
  filter: Uint8Array;
  projection: Record<string, 1>;
  form: ExportForm;
  order: ItemOrder;
  batchSize: number;
}

/** `ack`: the app took a message of rows; `stop`: the app no longer wants rows (client gone). */
export type ToExportThread = { type: 'ack' } | { type: 'stop' };

export type FromExportThread =
  | { type: 'rows'; rows: EncodedRows }
  | { type: 'end' }
  | { type: 'failed'; message: string };
