// The entity map of one unified test: clients (with their observed events), databases,
// collections, sessions, GridFS buckets and saved results. Everything created here is closed by
// `dispose()` at the end of the test.
import { deserialize, serialize } from 'bson';
import { ClientSession, Collection, Db, GridFSBucket, MongoClient, MongoClientOptions, ReadPreference } from 'mongodb';
import { MatchContext } from './match';

/** Commands never reported to tests: handshakes and auth carry secrets and are not the test's subject. */
const SENSITIVE = new Set(['hello', 'ismaster', 'isMaster', 'saslStart', 'saslContinue', 'authenticate', 'getnonce', 'createUser', 'updateUser', 'copydbgetnonce', 'copydbsaslstart', 'copydb']);
const CMAP_EVENTS = ['poolCreatedEvent', 'poolReadyEvent', 'poolClearedEvent', 'poolClosedEvent', 'connectionCreatedEvent', 'connectionReadyEvent', 'connectionClosedEvent', 'connectionCheckOutStartedEvent', 'connectionCheckOutFailedEvent', 'connectionCheckedOutEvent', 'connectionCheckedInEvent'];

export interface ObservedEvent { type: string; event: any }

export interface ClientEntity {
  client: MongoClient;
  events: ObservedEvent[];
  /** When false, events are no longer recorded (after the test's operations ran). */
  recording: { on: boolean };
}

export interface SessionEntity { session: ClientSession; lsid: unknown; clientId: string }

type Entity =
  | { kind: 'client'; value: ClientEntity }
  | { kind: 'database'; value: Db }
  | { kind: 'collection'; value: Collection }
  | { kind: 'session'; value: SessionEntity }
  | { kind: 'bucket'; value: GridFSBucket }
  | { kind: 'result'; value: unknown };

export class EntityMap implements MatchContext {
  private readonly map = new Map<string, Entity>();

  constructor(private readonly uri: string) {}

  private put(id: string, e: Entity): void {
    if (this.map.has(id)) throw new Error(`entity ${id} already exists`);
    this.map.set(id, e);
  }

  private get<K extends Entity['kind']>(id: string, kind: K): Extract<Entity, { kind: K }>['value'] {
    const e = this.map.get(id);
    if (!e) throw new Error(`no entity named ${id}`);
    if (e.kind !== kind) throw new Error(`entity ${id} is a ${e.kind}, not a ${kind}`);
    return e.value as any;
  }

  kindOf(id: string): Entity['kind'] | undefined {
    return this.map.get(id)?.kind;
  }

  client(id: string): ClientEntity { return this.get(id, 'client'); }
  database(id: string): Db { return this.get(id, 'database'); }
  collection(id: string): Collection { return this.get(id, 'collection'); }
  session(id: string): SessionEntity { return this.get(id, 'session'); }
  bucket(id: string): GridFSBucket { return this.get(id, 'bucket'); }
  clients(): [string, ClientEntity][] {
    return [...this.map].filter(([, e]) => e.kind === 'client').map(([id, e]) => [id, e.value as ClientEntity]);
  }

  /** Any entity's value ($$matchesEntity and saved results). */
  entity(id: string): unknown {
    const e = this.map.get(id);
    if (!e) throw new Error(`no entity named ${id}`);
    return e.value;
  }

  sessionLsid(id: string): unknown {
    return this.session(id).lsid;
  }

  saveResult(id: string, value: unknown): void {
    this.put(id, { kind: 'result', value });
  }

  async create(defs: any[]): Promise<void> {
    for (const def of defs) {
      const [kind, spec] = Object.entries(def)[0] as [string, any];
      switch (kind) {
        case 'client': this.put(spec.id, { kind: 'client', value: await this.makeClient(spec) }); break;
        case 'database':
          this.put(spec.id, { kind: 'database', value: this.client(spec.client).client.db(spec.databaseName, readWriteOptions(spec.databaseOptions)) });
          break;
        case 'collection':
          this.put(spec.id, { kind: 'collection', value: this.database(spec.database).collection(spec.collectionName, readWriteOptions(spec.collectionOptions)) });
          break;
        case 'session': {
          const session = this.client(spec.client).client.startSession(sessionOptions(spec.sessionOptions));
          this.put(spec.id, { kind: 'session', value: { session, lsid: session.id, clientId: spec.client } });
          break;
        }
        case 'bucket':
          this.put(spec.id, { kind: 'bucket', value: new GridFSBucket(this.database(spec.database), readWriteOptions(spec.bucketOptions)) });
          break;
        default:
          throw new Error(`unsupported entity type ${kind}`);
      }
    }
  }

  private async makeClient(spec: any): Promise<ClientEntity> {
    const observe: string[] = spec.observeEvents ?? [];
    const ignore = new Set<string>([...(spec.ignoreCommandMonitoringEvents ?? []), 'configureFailPoint']);
    const options: MongoClientOptions = {
      serverSelectionTimeoutMS: 5000,
      monitorCommands: observe.some((e) => e.startsWith('command')),
      ...uriOptions(spec.uriOptions ?? {}),
    };
    const client = new MongoClient(this.uri, options);
    const entity: ClientEntity = { client, events: [], recording: { on: true } };
    const record = (type: string) => (event: any) => {
      if (!entity.recording.on) return;
      if (type.startsWith('command') && (ignore.has(event.commandName) || (!spec.observeSensitiveCommands && SENSITIVE.has(event.commandName)))) return;
      entity.events.push({ type, event: snapshotEvent(event) });
    };
    for (const name of observe) {
      if (name.startsWith('command') || CMAP_EVENTS.includes(name)) client.on(name.replace(/Event$/, '') as any, record(name));
      else throw new Error(`unsupported observed event ${name}`);
    }
    await client.connect();
    return entity;
  }

  async dispose(): Promise<void> {
    for (const e of this.map.values()) {
      if (e.kind === 'session') await e.value.session.endSession().catch(() => {});
    }
    for (const e of this.map.values()) {
      if (e.kind === 'client') {
        e.value.recording.on = false;
        await e.value.client.close(true).catch(() => {});
      }
    }
    this.map.clear();
  }
}

/**
 * Copies the command/reply as it is at the moment of the event. The driver keeps references to
 * objects it may mutate later (e.g. the client-level readConcern object gets `afterClusterTime`
 * assigned when a later transaction starts), which would otherwise rewrite recorded history.
 */
function snapshotEvent(event: any): any {
  const copy = (doc: unknown) => (doc && typeof doc === 'object' ? deserialize(serialize(doc as object, { ignoreUndefined: true }), { promoteLongs: false }) : doc);
  return { commandName: event.commandName, databaseName: event.databaseName, serviceId: event.serviceId, command: copy(event.command), reply: copy(event.reply) };
}

function uriOptions(o: Record<string, unknown>): MongoClientOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'readConcernLevel') out.readConcern = { level: v };
    else if (k === 'w') out.writeConcern = { ...(out.writeConcern as object), w: v };
    else if (k === 'appname') out.appName = v;
    else out[k] = v;
  }
  return out as MongoClientOptions;
}

export function readPreference(rp: any): ReadPreference | undefined {
  if (!rp) return undefined;
  return new ReadPreference(rp.mode, rp.tagSets, { maxStalenessSeconds: rp.maxStalenessSeconds });
}

function readWriteOptions(o: any): any {
  if (!o) return {};
  const out = { ...o };
  if (o.readPreference) out.readPreference = readPreference(o.readPreference);
  return out;
}

function sessionOptions(o: any): any {
  if (!o) return {};
  const out = { ...o };
  if (o.defaultTransactionOptions) out.defaultTransactionOptions = readWriteOptions(o.defaultTransactionOptions);
  return out;
}
