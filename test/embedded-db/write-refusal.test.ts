/** After a journal write fails, the server refuses writes (rather than acknowledge lost data) but still serves reads. */
import { Dispatcher, Persist } from '../../server/embedded-db/commands/dispatch';
import { CursorRegistry } from '../../server/embedded-db/cursors';
import { ServerParameters } from '../../server/embedded-db/commands/parameters';
import { Engine } from '../../server/embedded-db/storage/engine';
import { SessionRegistry } from '../../server/embedded-db/txn/sessions';
import { parseMessage } from '../../server/embedded-db/wire/protocol';
import { quietLogger } from './helpers';
import { opMsg } from './raw-client';

test('a failed journal write fails that command and every later write, reads keep working', async () => {
  let failure: Error | null = null;
  const persist: Persist = {
    write: async () => {
      failure = new Error('ENOSPC: no space left on device');
      throw failure;
    },
    failure: () => failure,
  };
  const engine = new Engine();
  const state = {
    engine, parameters: new ServerParameters(), cursors: new CursorRegistry(60_000), sessions: new SessionRegistry(), logger: quietLogger,
    info: { address: 'x:1', replSetName: 'rs', startedAt: new Date(), connections: { current: 0, total: 0 }, dataDir: '/x' },
  };
  const dispatcher = new Dispatcher(state, persist);
  const run = (cmd: Record<string, unknown>) => dispatcher.handle(parseMessage(opMsg(1, { ...cmd, $db: 'd' })), { id: 1, remote: 'test' }) as Promise<Record<string, unknown>>;
  const first = await run({ insert: 'c', documents: [{ _id: 1 }] });
  expect(first.ok).toBe(0);
  expect(String(first.errmsg)).toContain('ENOSPC');
  const second = await run({ insert: 'c', documents: [{ _id: 2 }] });
  expect(second).toMatchObject({ ok: 0, code: 96 });
  expect(String(second.errmsg)).toContain('journal failed');
  expect(await run({ drop: 'c' })).toMatchObject({ ok: 0, code: 96 });
  expect(await run({ count: 'c' })).toMatchObject({ ok: 1 });
  expect(await run({ ping: 1 })).toMatchObject({ ok: 1 });
});
