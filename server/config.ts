/**
 * Configuration from environment variables, validated once at start. An invalid value stops the
 * process with one clear message naming the variable (see main.ts). Documented in .env.example.
 */
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  mongodbUri: string | null;
  dataDir: string;
  sessionSecret: string | null;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  trustProxy: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Konfigurasi tidak valid: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `harus bilangan bulat ${min}-${max}, bukan "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `harus di antara ${min} dan ${max}, bukan ${value}`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `harus salah satu dari ${allowed.join(', ')}, bukan "${raw}"`);
  }
  return raw as T;
}

function mongodbUri(env: NodeJS.ProcessEnv): string | null {
  const raw = env.MONGODB_URI;
  if (raw === undefined || raw === '') return null;
  if (!/^mongodb(\+srv)?:\/\/\S+$/.test(raw)) {
    throw new ConfigError('MONGODB_URI', 'harus diawali mongodb:// atau mongodb+srv://');
  }
  return raw;
}

function host(env: NodeJS.ProcessEnv): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new ConfigError('HOST', `bukan nama host atau alamat IP yang valid: "${raw}"`);
  return raw;
}

function sessionSecret(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv): string | null {
  const raw = env.SESSION_SECRET;
  if (raw === undefined || raw === '') {
    // Several instances behind a load balancer must share one secret, so production requires it.
    if (nodeEnv === 'production') throw new ConfigError('SESSION_SECRET', 'wajib diisi saat NODE_ENV=production');
    return null; // development: a random secret is kept in DATA_DIR (see session-secret.ts)
  }
  if (raw.length < 32) throw new ConfigError('SESSION_SECRET', 'minimal 32 karakter');
  return raw;
}

function trustProxy(env: NodeJS.ProcessEnv): number {
  const raw = env.TRUST_PROXY;
  if (raw !== undefined && /^(true|false|yes|no)$/i.test(raw.trim())) {
    // `true` would trust any X-Forwarded-For and let a client pick its own address (login throttling).
    throw new ConfigError('TRUST_PROXY', 'harus jumlah hop proxy (0, 1, 2, ...), bukan true/false');
  }
  return integer(env, 'TRUST_PROXY', 0, 0, 10);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const dataDir = env.DATA_DIR === undefined || env.DATA_DIR === '' ? 'data' : env.DATA_DIR;
  if (/\0/.test(dataDir)) throw new ConfigError('DATA_DIR', 'berisi karakter yang tidak valid');
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: host(env),
    mongodbUri: mongodbUri(env),
    dataDir: path.resolve(cwd, dataDir),
    sessionSecret: sessionSecret(env, nodeEnv),
    nodeEnv,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy: trustProxy(env),
  };
}
