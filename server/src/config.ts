// Environment configuration, validated once at start. A bad value is a ConfigError naming the variable.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** One log line per request and per response (Fastify's request logging). */
  logRequests: boolean;
  bodyLimit: number;
  trustProxy: boolean | number | string;
  rateLimitWritesPerUser: number;
  rateLimitWritesPerIp: number;
  /** Where the write-limit counters live: this process's memory, or a Redis/PostgreSQL URL that several
   * instances share. */
  rateLimitStore: { kind: 'memory' } | { kind: 'redis' | 'postgres'; url: string };
  /** Node's http server limits (ms): the request line and headers, the whole request with its body, and
   * how long an idle keep-alive connection stays open. */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  guestTokenTtlDays: number;
  /** How long after expiry a visitor token may still be renewed for the same visitor. */
  guestTokenRenewGraceDays: number;
  /** Proof of work: the largest number an ALTCHA challenge may hide (the work is half of it on average). */
  guestPowMaxNumber: number;
  /** Where browsers reach this server (`https://kith.example.com`), no trailing slash; null when unset. */
  publicUrl: string | null;
  /** PEM files for the server's own HTTPS; null means plain HTTP (TLS ends at a proxy, or a test). */
  tls: { certFile: string; keyFile: string } | null;
  /** The live stream: how long events are kept for a resume (Last-Event-ID), how often an idle stream gets a
   * heartbeat, how many streams one client IP may hold open. */
  live: { retentionMs: number; heartbeatMs: number; streamsPerIp: number };
  /** The feed proxy may read loopback and private addresses (development, the demo, tests). */
  feedsAllowPrivate: boolean;
}

export interface ConfigDoc {
  name: string;
  /** '' for variables that are unset unless given (docs show "unset"). */
  default: string;
  meaning: string;
}

/** One row per environment variable; docs/operations.md is written from this table. */
export const CONFIG_DOCS: readonly ConfigDoc[] = [
  { name: 'PORT', default: '3000', meaning: 'TCP port to listen on (1–65535).' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface to bind. Use `0.0.0.0` (or `::`) to accept connections from other machines.' },
  {
    name: 'DATABASE_URL',
    default: 'sqlite:./data/kith.db',
    meaning: '`sqlite:<path>` (relative to the working directory; the folder is created), `sqlite::memory:` (lost on exit), or `postgres://user:pass@host:5432/db` / `postgresql://…`.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'warn',
    meaning:
      'One of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`. Logs are JSON lines on stdout; `warn` keeps only warnings and errors (e.g. a 500 with its cause). With `LOG_REQUESTS=true` and no `LOG_LEVEL` the level is `info`.',
  },
  {
    name: 'LOG_REQUESTS',
    default: 'false',
    meaning:
      '`true` logs one JSON line per request and one per response (method, URL, status, time) at `info`, so `LOG_LEVEL` must then be `info`, `debug` or `trace`. Off by default: under load these lines cost about a fifth of the read throughput and about 5 MB of log a second.',
  },
  { name: 'BODY_LIMIT', default: '16384', meaning: 'Largest accepted request body in bytes (1024–10485760); larger bodies get 413 `payload_too_large`.' },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    meaning:
      'The proxies whose `X-Forwarded-For` gives the client IP (per-IP rate limit, logs): a comma-separated list of their addresses/CIDRs (`127.0.0.1`, `10.0.0.0/8`). `true` and a hop count (`1`) trust whatever connects, so a client that reaches the server directly can forge its IP: see [TRUST_PROXY](#behind-a-proxy-or-load-balancer-trust_proxy).',
  },
  {
    name: 'RATE_LIMIT_WRITES_PER_USER',
    default: '60',
    meaning: 'Writes per minute per principal (user, guest or API key): this many at once, then one more every 60/N s (see [Rate limits](#rate-limits)).',
  },
  { name: 'RATE_LIMIT_WRITES_PER_IP', default: '300', meaning: 'Writes per minute per client IP, counted the same way.' },
  {
    name: 'RATE_LIMIT_STORE',
    default: 'memory',
    meaning:
      'Where the write-limit counters live: `memory` (per server instance), `redis://[:password@]host:6379[/db]` (or `rediss://`), or `postgres://…` / `postgresql://…` (a table `kith_rate_limits`, created on start). Instances that share a store share the limits.',
  },
  { name: 'HEADERS_TIMEOUT_MS', default: '10000', meaning: 'Time a client has to send the request line and all headers, in ms (1000–600000); then it gets 408 and the connection is closed.' },
  {
    name: 'REQUEST_TIMEOUT_MS',
    default: '30000',
    meaning: 'Time a client has to send the whole request, body included, in ms (1000–3600000, at least `HEADERS_TIMEOUT_MS`); then it gets 408 and the connection is closed.',
  },
  {
    name: 'KEEP_ALIVE_TIMEOUT_MS',
    default: '72000',
    meaning: 'How long an idle keep-alive connection stays open between requests, in ms (1000–600000). Keep it above the idle timeout of a proxy in front (nginx and most load balancers: 60 s).',
  },
  {
    name: 'GUEST_TOKEN_TTL_DAYS',
    default: '7',
    meaning: 'Lifetime of visitor (guest) tokens in days (1–3650). The SDK renews them (`POST …/visitors/renew`) for the same visitor, so a short lifetime costs guests nothing.',
  },
  {
    name: 'GUEST_TOKEN_RENEW_GRACE_DAYS',
    default: '30',
    meaning: 'How many days after it expired a visitor token can still be renewed for the same visitor (0–3650); later the guest gets a new identity.',
  },
  {
    name: 'GUEST_POW_MAX_NUMBER',
    default: '50000',
    meaning:
      'Proof of work (sites with `guestProofOfWork`): the largest number an ALTCHA challenge hides (1000–10000000). A browser tries half of them on average; the SDK hashes about 45000 a second, so 50000 takes about 0.55 s on average, 1.1 s at most.',
  },
  {
    name: 'PUBLIC_URL',
    default: '',
    meaning:
      'The address browsers reach this server at, `scheme://host[:port]` without a path (e.g. `https://kith.example.com`; the SDK calls the API at its script\'s origin). The admin CLI prints the script tag with it. Unset, the CLI says so and uses the address the server listens on.',
  },
  {
    name: 'TLS_CERT',
    default: '',
    meaning: 'Path of a PEM certificate (chain) file. With `TLS_KEY` the server itself speaks HTTPS; set both or neither. Not needed when a proxy terminates TLS.',
  },
  { name: 'TLS_KEY', default: '', meaning: 'Path of the PEM private key file for `TLS_CERT`.' },
  {
    name: 'LIVE_RETENTION_MS',
    default: '900000',
    meaning:
      'How long live events are kept so a reconnecting stream resumes without a gap (`Last-Event-ID`), in ms (10000–86400000; default 15 minutes). A client away longer gets a `reset` event and reloads instead. Older events are deleted as new ones are published.',
  },
  {
    name: 'LIVE_STREAMS_PER_IP',
    default: '20',
    meaning:
      'Live streams (`GET …/live`) one client IP may hold open at once (1–100000); more get 429 `too_many_streams`. The SDK opens one per page, so 20 is 20 open tabs; raise it when many visitors share one address (an office behind NAT).',
  },
  {
    name: 'FEEDS_ALLOW_PRIVATE',
    default: 'false',
    meaning:
      '`true` lets the feed proxy (`<kith-feed src>`) read feeds on loopback and private addresses: a development machine, the demo (`npm start` turns it on unless this says `false`). Never on a server others can reach: any page could make it fetch from your internal network. Link-local addresses (the cloud metadata service) stay refused.',
  },
  {
    name: 'LIVE_HEARTBEAT_MS',
    default: '25000',
    meaning: 'How often a live stream gets a `position` event (its heartbeat), in ms (1000–600000), so proxies and load balancers with an idle timeout (often 60 s) do not cut it.',
  },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    return CONFIG_DOCS.find((doc) => doc.name === name)!.default;
  }
  return value.trim();
}

function integer(env: Env, name: string, min: number, max: number): number {
  const text = raw(env, name);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

function databaseUrl(env: Env): string {
  const text = raw(env, 'DATABASE_URL');
  if (text.startsWith('sqlite:')) {
    if (text.length === 'sqlite:'.length) throw new ConfigError('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/kith.db');
    return text;
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    return text;
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got ${JSON.stringify(text.slice(0, 40))})`);
}

function trustProxy(env: Env): boolean | number | string {
  const text = raw(env, 'TRUST_PROXY');
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text); // hop count
  if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(text)) return text;
  throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses (got ${JSON.stringify(text)})`);
}

function rateLimitStore(env: Env): Config['rateLimitStore'] {
  const text = raw(env, 'RATE_LIMIT_STORE');
  if (text === 'memory') return { kind: 'memory' };
  const kind = /^rediss?:\/\//.test(text) ? 'redis' : /^postgres(ql)?:\/\//.test(text) ? 'postgres' : null;
  if (kind) {
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      // refused below
    }
    // Redis needs a host; PostgreSQL may name its socket folder in the query instead.
    if (url && (kind === 'postgres' || url.hostname !== '')) return { kind, url: text };
  }
  // Never echo the value: a URL may hold a password.
  throw new ConfigError('RATE_LIMIT_STORE must be memory, a redis://host[:port][/db] (rediss://) URL or a postgres:// URL');
}

function timeouts(env: Env): Config['timeouts'] {
  const headersMs = integer(env, 'HEADERS_TIMEOUT_MS', 1000, 600_000);
  const requestMs = integer(env, 'REQUEST_TIMEOUT_MS', 1000, 3_600_000);
  if (requestMs < headersMs) {
    throw new ConfigError(`REQUEST_TIMEOUT_MS (${requestMs}) must be at least HEADERS_TIMEOUT_MS (${headersMs}): the whole request includes its headers`);
  }
  return { headersMs, requestMs, keepAliveMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 1000, 600_000) };
}

function flag(env: Env, name: string): boolean {
  const text = raw(env, name);
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ConfigError(`${name} must be true or false (got ${JSON.stringify(text)})`);
}

function logRequests(env: Env): boolean {
  const text = raw(env, 'LOG_REQUESTS');
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ConfigError(`LOG_REQUESTS must be true or false (got ${JSON.stringify(text)})`);
}

/** Request lines are `info` lines: with LOG_REQUESTS=true an unset LOG_LEVEL means info, and a level that
 * would hide them is a contradiction worth stopping for rather than a silent no-op. */
function logLevel(env: Env, requests: boolean): Config['logLevel'] {
  const unset = (env.LOG_LEVEL ?? '').trim() === '';
  const text = unset && requests ? 'info' : raw(env, 'LOG_LEVEL');
  const level = LOG_LEVELS.find((l) => l === text);
  if (!level) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(text)})`);
  if (requests && !['info', 'debug', 'trace'].includes(level)) {
    throw new ConfigError(`LOG_REQUESTS=true writes info lines, so LOG_LEVEL must be info, debug or trace (got ${JSON.stringify(level)})`);
  }
  return level;
}

function host(env: Env): string {
  const text = raw(env, 'HOST');
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(text)) throw new ConfigError(`HOST must be a host name or IP address (got ${JSON.stringify(text)})`);
  return text;
}

/** An origin only: the loader takes the API's address from its own script's origin, so a path prefix
 * behind a proxy would load the script and then miss the API. */
function publicUrl(env: Env): string | null {
  const text = raw(env, 'PUBLIC_URL');
  if (text === '') return null;
  const problem = `PUBLIC_URL must be an absolute http:// or https:// URL without path, query or fragment, e.g. https://kith.example.com (got ${JSON.stringify(text)})`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(problem);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(problem);
  if (url.username || url.password || url.search || text.includes('?') || url.hash || text.includes('#') || url.pathname !== '/') throw new ConfigError(problem);
  return url.origin;
}

function tls(env: Env): Config['tls'] {
  const certFile = raw(env, 'TLS_CERT');
  const keyFile = raw(env, 'TLS_KEY');
  if (certFile === '' && keyFile === '') return null;
  if (keyFile === '') throw new ConfigError('TLS_CERT is set but TLS_KEY is not: set both (PEM files) for HTTPS, or neither');
  if (certFile === '') throw new ConfigError('TLS_KEY is set but TLS_CERT is not: set both (PEM files) for HTTPS, or neither');
  return { certFile, keyFile };
}

/** Reads and checks the PEM files named by TLS_CERT/TLS_KEY (at start, so a bad file stops the server with
 * one line instead of a stack trace from deep inside the https module). */
export function loadTls(files: NonNullable<Config['tls']>): { cert: Buffer; key: Buffer } {
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const why = ({ ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'a folder, not a file' } as Record<string, string>)[code] ?? code;
      throw new ConfigError(`${name}: cannot read ${path} (${why || (error as Error).message})`);
    }
  };
  const cert = read('TLS_CERT', files.certFile);
  const key = read('TLS_KEY', files.keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = (error as Error).message.replace(/^error:[0-9A-F]+:/, '');
    if (/key values mismatch/.test(reason)) throw new ConfigError(`TLS_KEY: ${files.keyFile} is not the private key of the certificate in TLS_CERT (${files.certFile})`);
    throw new ConfigError(`TLS_CERT/TLS_KEY: ${files.certFile} and ${files.keyFile} are not a PEM certificate and its private key (${reason})`);
  }
  return { cert, key };
}

/** The address the server prints at start: the interface it binds, with 127.0.0.1 for "all interfaces". */
export function listenUrl(config: Pick<Config, 'host' | 'port' | 'tls'>): string {
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  const host = shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown;
  return `${config.tls ? 'https' : 'http'}://${host}:${config.port}`;
}

export function loadConfig(env: Env = process.env): Config {
  return {
    port: integer(env, 'PORT', 1, 65535),
    host: host(env),
    databaseUrl: databaseUrl(env),
    logLevel: logLevel(env, logRequests(env)),
    logRequests: logRequests(env),
    bodyLimit: integer(env, 'BODY_LIMIT', 1024, 10 * 1024 * 1024),
    trustProxy: trustProxy(env),
    rateLimitWritesPerUser: integer(env, 'RATE_LIMIT_WRITES_PER_USER', 1, 1_000_000),
    rateLimitWritesPerIp: integer(env, 'RATE_LIMIT_WRITES_PER_IP', 1, 1_000_000),
    rateLimitStore: rateLimitStore(env),
    timeouts: timeouts(env),
    guestTokenTtlDays: integer(env, 'GUEST_TOKEN_TTL_DAYS', 1, 3650),
    guestTokenRenewGraceDays: integer(env, 'GUEST_TOKEN_RENEW_GRACE_DAYS', 0, 3650),
    guestPowMaxNumber: integer(env, 'GUEST_POW_MAX_NUMBER', 1000, 10_000_000),
    publicUrl: publicUrl(env),
    tls: tls(env),
    live: {
      retentionMs: integer(env, 'LIVE_RETENTION_MS', 10_000, 86_400_000),
      heartbeatMs: integer(env, 'LIVE_HEARTBEAT_MS', 1000, 600_000),
      streamsPerIp: integer(env, 'LIVE_STREAMS_PER_IP', 1, 100_000),
    },
    feedsAllowPrivate: flag(env, 'FEEDS_ALLOW_PRIVATE'),
  };
}
