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
      sessionSecret: null, nodeEnv: 'development', logLevel: 'info', trustProxy: 0, publicBaseUrl: null, mail: null,
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

  describe('notices: PUBLIC_BASE_URL and SMTP_*', () => {
    const smtp = { SMTP_HOST: 'smtp.example.go.id', SMTP_FROM: 'Monev Dinsos Banten <monev@dinsos.example.go.id>' };

    it('without SMTP_HOST there is no e-mail (inbox only)', () => {
      expect(loadConfig({ PUBLIC_BASE_URL: 'https://monev.example.go.id/' }).mail).toBeNull();
      expect(loadConfig({ PUBLIC_BASE_URL: 'https://monev.example.go.id/' }).publicBaseUrl).toBe('https://monev.example.go.id');
    });

    it('reads an SMTP server with STARTTLS required by default, and the timeout', () => {
      const config = loadConfig({ ...smtp, SMTP_USER: 'monev', SMTP_PASSWORD: 'rahasia', PUBLIC_BASE_URL: 'https://monev.example.go.id', NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
      expect(config.mail).toEqual({
        host: 'smtp.example.go.id', port: 587, tls: 'starttls', user: 'monev', password: 'rahasia',
        from: 'Monev Dinsos Banten <monev@dinsos.example.go.id>', timeoutMs: 30000,
      });
      expect(loadConfig({ ...smtp, SMTP_TLS: 'implicit' }).mail?.port).toBe(465);
      expect(loadConfig({ ...smtp, SMTP_TLS: 'none', SMTP_PORT: '2525', SMTP_TIMEOUT_MS: '2000' }).mail).toMatchObject({ port: 2525, tls: 'none', timeoutMs: 2000 });
    });

    it('links default to localhost outside production, and are required in production', () => {
      expect(loadConfig({ ...smtp, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
      expectConfigError({ ...smtp, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }, 'PUBLIC_BASE_URL');
    });

    it.each([
      [{ PUBLIC_BASE_URL: 'ftp://monev.example' }, 'PUBLIC_BASE_URL'],
      [{ PUBLIC_BASE_URL: 'https://u:p@monev.example' }, 'PUBLIC_BASE_URL'],
      [{ PUBLIC_BASE_URL: 'https://monev.example/?a=1' }, 'PUBLIC_BASE_URL'],
      [{ PUBLIC_BASE_URL: 'bukan url' }, 'PUBLIC_BASE_URL'],
      [{ SMTP_PORT: '25' }, 'SMTP_PORT'],
      [{ SMTP_FROM: 'a@b.c' }, 'SMTP_FROM'],
      [{ SMTP_HOST: 'smtp.example' }, 'SMTP_FROM'],
      [{ SMTP_HOST: 'bad host', SMTP_FROM: 'a@b.co' }, 'SMTP_HOST'],
      [{ ...smtp, SMTP_FROM: 'Monev\r\nBcc: x@y.z <a@b.co>' }, 'SMTP_FROM'],
      [{ ...smtp, SMTP_FROM: 'bukan alamat' }, 'SMTP_FROM'],
      [{ ...smtp, SMTP_TLS: 'ssl' }, 'SMTP_TLS'],
      [{ ...smtp, SMTP_PORT: '70000' }, 'SMTP_PORT'],
      [{ ...smtp, SMTP_USER: 'monev' }, 'SMTP_PASSWORD'],
      [{ ...smtp, SMTP_PASSWORD: 'rahasia' }, 'SMTP_USER'],
      [{ ...smtp, SMTP_TLS: 'none', SMTP_USER: 'monev', SMTP_PASSWORD: 'rahasia' }, 'SMTP_TLS'],
      [{ ...smtp, SMTP_TIMEOUT_MS: '10' }, 'SMTP_TIMEOUT_MS'],
    ])('rejects %j naming %s', (env, variable) => {
      expectConfigError(env, variable);
    });

    it('allows plain SMTP with a password only to a server on this machine', () => {
      expect(loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_FROM: 'monev@localhost.localdomain', SMTP_TLS: 'none', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }).mail?.tls).toBe('none');
    });
  });
});
