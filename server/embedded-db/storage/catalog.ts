/**
 * Databases and their collections. A database exists while it has a collection (as in MongoDB).
 * Every DDL change appends a journal record to the caller's op log.
 */
import { UUID } from 'bson';
import { CommandError, Codes } from '../errors';
import { Doc } from '../values/types';
import { Collection } from './collection';
import { IndexSpec } from './index-spec';

export type OpLog = Doc[];

const BAD_DB_CHARS = /[/\\. "$*<>:|?\0]/;

export function checkDbName(db: string): void {
  if (typeof db !== 'string' || db === '' || db.length > 63 || BAD_DB_CHARS.test(db)) {
    throw new CommandError(Codes.InvalidNamespace, `Invalid database name: '${String(db)}'`);
  }
}

export function checkCollName(db: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '' || name.includes('\0') || name.includes('$') || name.startsWith('.')) {
    throw new CommandError(Codes.InvalidNamespace, `Invalid collection name: '${db}.${String(name)}'`);
  }
  if (db.length + name.length + 1 > 255) throw new CommandError(Codes.InvalidNamespace, `Fully qualified namespace is too long: ${db}.${name}`);
}

export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  databases(): string[] {
    return Array.from(this.dbs.keys());
  }

  collections(db: string): Collection[] {
    return Array.from(this.dbs.get(db)?.values() ?? []);
  }

  all(): Collection[] {
    const out: Collection[] = [];
    for (const colls of this.dbs.values()) out.push(...colls.values());
    return out;
  }

  create(db: string, name: string, options: Doc, log: OpLog, uuid: UUID = new UUID()): Collection {
    checkDbName(db);
    checkCollName(db, name);
    if (this.get(db, name)) throw new CommandError(Codes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    return this.register(new Collection(db, name, uuid, options), log);
  }

  /** Makes a collection built elsewhere (inside a transaction) part of the catalog, indexes included. */
  register(coll: Collection, log: OpLog): Collection {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map()));
    colls.set(coll.name, coll);
    log.push({ o: 'cc', db: coll.db, c: coll.name, opts: coll.options, uuid: coll.uuid });
    for (const index of coll.indexes) log.push({ o: 'ci', db: coll.db, c: coll.name, spec: index.spec });
    return coll;
  }

  /** The collection, created implicitly (as inserts and upserts do) when missing. */
  obtain(db: string, name: string, log: OpLog): Collection {
    return this.get(db, name) ?? this.create(db, name, {}, log);
  }

  drop(db: string, name: string, log: OpLog): Collection | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    coll.epoch++;
    log.push({ o: 'dc', db, c: name });
    return coll;
  }

  dropDatabase(db: string, log: OpLog): Collection[] {
    const colls = this.collections(db);
    for (const c of colls) c.epoch++;
    this.dbs.delete(db);
    if (colls.length) log.push({ o: 'dd', db });
    return colls;
  }

  rename(from: Collection, toDb: string, toName: string, log: OpLog): Collection {
    checkDbName(toDb);
    checkCollName(toDb, toName);
    const fromDb = from.db;
    const fromName = from.name;
    this.dbs.get(fromDb)?.delete(fromName);
    if (this.dbs.get(fromDb)?.size === 0) this.dbs.delete(fromDb);
    let target = from;
    if (fromDb === toDb) target.name = toName;
    else {
      // A move across databases keeps the documents and indexes under a new namespace.
      target = new Collection(toDb, toName, from.uuid, from.options);
      for (const [id, v] of from.records) if (v.doc) target.load(id, v.doc);
      for (const index of from.indexes) target.addIndex(index.spec);
    }
    target.epoch++;
    let colls = this.dbs.get(toDb);
    if (!colls) this.dbs.set(toDb, (colls = new Map()));
    colls.set(toName, target);
    log.push({ o: 'rn', db: fromDb, c: fromName, toDb, toC: toName });
    return target;
  }

  addIndex(coll: Collection, spec: IndexSpec, log: OpLog): void {
    coll.addIndex(spec);
    log.push({ o: 'ci', db: coll.db, c: coll.name, spec });
  }

  /** collMod's index changes (hidden, TTL, prepareUnique, unique): the new spec replaces the old. */
  modifyIndex(coll: Collection, name: string, spec: IndexSpec, log: OpLog): void {
    const index = coll.findIndex(name);
    if (!index) throw new CommandError(Codes.IndexNotFound, `index not found with name [${name}]`);
    index.applyOptions(spec);
    coll.epoch++;
    log.push({ o: 'mi', db: coll.db, c: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string, log: OpLog): void {
    coll.dropIndex(name);
    log.push({ o: 'di', db: coll.db, c: coll.name, name });
  }
}
