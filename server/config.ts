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
  /** Where users reach Monev (links in e-mails and WhatsApp texts), without a trailing slash. */
  publicBaseUrl: string | null;
  /** Outgoing e-mail; null = notices go to the in-app inbox only. */
  mail: MailConfig | null;
}

export type SmtpTls = 'starttls' | 'implicit' | 'none';

export interface MailConfig {
  host: string;
  port: number;
  /** starttls: STARTTLS required (port 587); implicit: TLS from the first byte (465); none: plain */
  tls: SmtpTls;
  user: string | null;
  password: string | null;
  /** The From header, e.g. "Monev Dinsos Banten <monev@dinsos.bantenprov.go.id>" */
  from: string;
  /** Limit for connecting, the greeting and each SMTP reply; the sending lease is derived from it. */
  timeoutMs: number;
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

function publicBaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_BASE_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL', `bukan URL yang valid: "${raw}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new ConfigError('PUBLIC_BASE_URL', 'harus http:// atau https:// tanpa nama pengguna, ?query atau #fragmen');
  }
  return url.href.replace(/\/+$/, '');
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const MAILBOX = /^[^\s@<>"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const SMTP_VARS = ['SMTP_PORT', 'SMTP_TLS', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_FROM', 'SMTP_TIMEOUT_MS'] as const;

/** "Nama <alamat@domain>" or a bare address; no line breaks (header injection). */
function fromAddress(raw: string | undefined): string {
  if (raw === undefined || raw === '') throw new ConfigError('SMTP_FROM', 'wajib diisi bila SMTP_HOST diisi, mis. "Monev Dinsos <monev@dinsos.example.go.id>"');
  const named = /^([^<>\r\n"]{1,100}|"[^"\r\n]{1,100}")\s*<([^<>\s]+)>$/.exec(raw.trim());
  const address = named ? named[2] : raw.trim();
  if (/[\r\n]/.test(raw) || !MAILBOX.test(address) || address.length > 254) {
    throw new ConfigError('SMTP_FROM', `bukan alamat pengirim yang valid: "${raw}"`);
  }
  return raw.trim();
}

/** SMTP settings; none set = no e-mail. A password never travels in clear text off this machine. */
function mail(env: NodeJS.ProcessEnv): MailConfig | null {
  const host = env.SMTP_HOST;
  if (host === undefined || host === '') {
    const stray = SMTP_VARS.find((name) => env[name] !== undefined && env[name] !== '');
    if (stray) throw new ConfigError(stray, 'diisi tetapi SMTP_HOST kosong');
    return null;
  }
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError('SMTP_HOST', `bukan nama host atau alamat IP yang valid: "${host}"`);
  const tls = oneOf<SmtpTls>(env, 'SMTP_TLS', ['starttls', 'implicit', 'none'], 'starttls');
  const user = env.SMTP_USER === undefined || env.SMTP_USER === '' ? null : env.SMTP_USER;
  const password = env.SMTP_PASSWORD === undefined || env.SMTP_PASSWORD === '' ? null : env.SMTP_PASSWORD;
  if ((user === null) !== (password === null)) throw new ConfigError(user === null ? 'SMTP_USER' : 'SMTP_PASSWORD', 'SMTP_USER dan SMTP_PASSWORD diisi berdua atau tidak sama sekali');
  if (tls === 'none' && user !== null && !LOOPBACK.test(host)) {
    throw new ConfigError('SMTP_TLS', 'none (tanpa enkripsi) dengan SMTP_USER hanya untuk server di mesin ini; gunakan starttls atau implicit');
  }
  return {
    host, tls, user, password,
    port: integer(env, 'SMTP_PORT', tls === 'implicit' ? 465 : 587, 1, 65535),
    from: fromAddress(env.SMTP_FROM),
    timeoutMs: integer(env, 'SMTP_TIMEOUT_MS', 30_000, 1000, 300_000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const dataDir = env.DATA_DIR === undefined || env.DATA_DIR === '' ? 'data' : env.DATA_DIR;
  if (/\0/.test(dataDir)) throw new ConfigError('DATA_DIR', 'berisi karakter yang tidak valid');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const mailConfig = mail(env);
  let baseUrl = publicBaseUrl(env);
  if (mailConfig && baseUrl === null) {
    // E-mails carry links back to Monev: production must say where users reach it.
    if (nodeEnv === 'production') throw new ConfigError('PUBLIC_BASE_URL', 'wajib diisi bila SMTP_HOST diisi saat NODE_ENV=production');
    baseUrl = `http://localhost:${port}`;
  }
  return {
    port,
    host: host(env),
    mongodbUri: mongodbUri(env),
    dataDir: path.resolve(cwd, dataDir),
    sessionSecret: sessionSecret(env, nodeEnv),
    nodeEnv,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy: trustProxy(env),
    publicBaseUrl: baseUrl,
    mail: mailConfig,
  };
}
