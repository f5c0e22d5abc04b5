import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

function expectConfigError(env: NodeJS.ProcessEnv, variable: string): void {
  let caught: unknown;
  try {
    loadConfig(env, '/srv/monev');
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as ConfigError).variable).toBe(variable);
  expect((caught as ConfigError).message).toContain(variable);
}

describe('loadConfig', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({}, '/srv/monev');
    expect(config).toEqual({
      port: 3000, host: '127.0.0.1', mongodbUri: null, dataDir: path.resolve('/srv/monev', 'data'),
      sessionSecret: null, nodeEnv: 'development', logLevel: 'info', trustProxy: 0,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', MONGODB_URI: 'mongodb://db1,db2/monev?replicaSet=rs0', DATA_DIR: '/var/lib/monev',
      SESSION_SECRET: 'x'.repeat(40), NODE_ENV: 'production', LOG_LEVEL: 'warn', TRUST_PROXY: '2',
    }, '/srv/monev');
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', mongodbUri: 'mongodb://db1,db2/monev?replicaSet=rs0', dataDir: '/var/lib/monev',
      nodeEnv: 'production', logLevel: 'warn', trustProxy: 2,
    });
  });

  it('is silent by default in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ HOST: 'bad host' }, 'HOST'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1.5' }, 'TRUST_PROXY'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
  ])('rejects %j naming %s', (env, variable) => {
    expectConfigError(env, variable);
  });
});
