import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CONFIG_DOCS, ConfigError, listenUrl, loadConfig, loadTls } from '../src/config.ts';
import { selfSignedCertificate } from './https.ts';

describe('loadConfig', () => {
  it('has a default for everything', () => {
    assert.deepEqual(loadConfig({}), {
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/kith.db',
      logLevel: 'warn',
      logRequests: false,
      bodyLimit: 16384,
      trustProxy: false,
      rateLimitWritesPerUser: 60,
      rateLimitWritesPerIp: 300,
      rateLimitStore: { kind: 'memory' },
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 72_000 },
      guestTokenTtlDays: 7,
      guestTokenRenewGraceDays: 30,
      feedsAllowPrivate: false,
      guestPowMaxNumber: 50000,
      publicUrl: null,
      tls: null,
      live: { retentionMs: 900_000, heartbeatMs: 25_000, streamsPerIp: 20 },
    });
  });

  it('reads valid values', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://kith:pw@db:5432/kith',
      LOG_LEVEL: 'debug',
      LOG_REQUESTS: 'true',
      BODY_LIMIT: '4096',
      TRUST_PROXY: '1',
      RATE_LIMIT_WRITES_PER_USER: '10',
      RATE_LIMIT_WRITES_PER_IP: '100',
      GUEST_TOKEN_TTL_DAYS: '30',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgresql://kith:pw@db:5432/kith');
    assert.equal(config.trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, '10.0.0.0/8, 127.0.0.1');
    assert.equal(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).databaseUrl, 'sqlite::memory:');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.logRequests, true);
  });

  it('logs requests only when asked, at info unless LOG_LEVEL says debug or trace', () => {
    const pick = (env: Record<string, string>) => {
      const { logLevel, logRequests } = loadConfig(env);
      return { logLevel, logRequests };
    };
    assert.deepEqual(pick({}), { logLevel: 'warn', logRequests: false });
    assert.deepEqual(pick({ LOG_REQUESTS: 'false' }), { logLevel: 'warn', logRequests: false });
    assert.deepEqual(pick({ LOG_REQUESTS: 'true' }), { logLevel: 'info', logRequests: true });
    assert.deepEqual(pick({ LOG_REQUESTS: ' true ', LOG_LEVEL: ' ' }), { logLevel: 'info', logRequests: true });
    assert.deepEqual(pick({ LOG_REQUESTS: 'true', LOG_LEVEL: 'debug' }), { logLevel: 'debug', logRequests: true });
    assert.deepEqual(pick({ LOG_LEVEL: 'info' }), { logLevel: 'info', logRequests: false });
    assert.deepEqual(pick({ LOG_LEVEL: 'silent' }), { logLevel: 'silent', logRequests: false });
    // Request lines are info lines: asking for them at a level that hides them is refused, not ignored.
    for (const level of ['warn', 'error', 'fatal', 'silent']) {
      assert.throws(
        () => loadConfig({ LOG_REQUESTS: 'true', LOG_LEVEL: level }),
        (error: unknown) => error instanceof ConfigError && error.message === `LOG_REQUESTS=true writes info lines, so LOG_LEVEL must be info, debug or trace (got "${level}")`,
        level,
      );
    }
  });

  it('names the variable in every error', () => {
    const bad: Record<string, string[]> = {
      PORT: ['0', '70000', 'abc', '80.5', '-1'],
      HOST: ['bad host!'],
      DATABASE_URL: ['mysql://x', 'sqlite:', 'file.db'],
      LOG_LEVEL: ['loud'],
      LOG_REQUESTS: ['yes', '1', 'TRUE', 'on'],
      BODY_LIMIT: ['10', 'big', '99999999999'],
      TRUST_PROXY: ['maybe'],
      PUBLIC_URL: ['kith.example.com', '/kith', 'ftp://kith.example.com', 'https://kith.example.com/kith', 'https://kith.example.com/?a=1', 'https://kith.example.com?', 'https://kith.example.com/#x', 'https://user:pw@kith.example.com'],
      TLS_CERT: ['/etc/kith/cert.pem'],
      TLS_KEY: ['/etc/kith/key.pem'],
      RATE_LIMIT_WRITES_PER_USER: ['0', 'many'],
      RATE_LIMIT_WRITES_PER_IP: ['-5'],
      RATE_LIMIT_STORE: ['redis', 'mysql://db/kith', 'redis://', 'file:./limits'],
      HEADERS_TIMEOUT_MS: ['999', '10s', '600001'],
      REQUEST_TIMEOUT_MS: ['5000', '3600001'],
      KEEP_ALIVE_TIMEOUT_MS: ['0', '600001'],
      GUEST_TOKEN_TTL_DAYS: ['0', '100000'],
      GUEST_TOKEN_RENEW_GRACE_DAYS: ['-1', '3651'],
      GUEST_POW_MAX_NUMBER: ['999', '10000001', 'lots'],
    };
    for (const [name, values] of Object.entries(bad)) {
      for (const value of values) {
        assert.throws(
          () => loadConfig({ [name]: value }),
          (error: unknown) => error instanceof ConfigError && error.message.startsWith(name),
          `${name}=${value}`,
        );
      }
    }
  });

  it('documents every variable it reads', () => {
    assert.deepEqual(CONFIG_DOCS.map((d) => d.name), [
      'PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'LOG_REQUESTS', 'BODY_LIMIT', 'TRUST_PROXY',
      'RATE_LIMIT_WRITES_PER_USER', 'RATE_LIMIT_WRITES_PER_IP', 'RATE_LIMIT_STORE', 'HEADERS_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS',
      'KEEP_ALIVE_TIMEOUT_MS', 'GUEST_TOKEN_TTL_DAYS',
      'GUEST_TOKEN_RENEW_GRACE_DAYS', 'GUEST_POW_MAX_NUMBER', 'PUBLIC_URL', 'TLS_CERT', 'TLS_KEY',
      'LIVE_RETENTION_MS', 'LIVE_STREAMS_PER_IP', 'FEEDS_ALLOW_PRIVATE', 'LIVE_HEARTBEAT_MS',
    ]);
  });

  it('FEEDS_ALLOW_PRIVATE: true or false, false by default', () => {
    assert.equal(loadConfig({}).feedsAllowPrivate, false);
    assert.equal(loadConfig({ FEEDS_ALLOW_PRIVATE: 'true' }).feedsAllowPrivate, true);
    assert.throws(() => loadConfig({ FEEDS_ALLOW_PRIVATE: 'yes' }), /FEEDS_ALLOW_PRIVATE must be true or false/);
  });

  it('RATE_LIMIT_STORE: memory, Redis or PostgreSQL; errors never echo a URL (it may hold a password)', () => {
    assert.deepEqual(loadConfig({ RATE_LIMIT_STORE: 'redis://:s3cret@cache:6379/2' }).rateLimitStore, { kind: 'redis', url: 'redis://:s3cret@cache:6379/2' });
    assert.deepEqual(loadConfig({ RATE_LIMIT_STORE: 'rediss://cache' }).rateLimitStore, { kind: 'redis', url: 'rediss://cache' });
    assert.deepEqual(loadConfig({ RATE_LIMIT_STORE: 'postgresql://kith:pw@db/kith' }).rateLimitStore, { kind: 'postgres', url: 'postgresql://kith:pw@db/kith' });
    assert.throws(() => loadConfig({ RATE_LIMIT_STORE: 'memcached://u:s3cret@cache' }), (error: Error) => !error.message.includes('s3cret'));
  });

  it('timeouts: the whole request may not be shorter than its headers', () => {
    assert.deepEqual(loadConfig({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '5000' }).timeouts, { headersMs: 1000, requestMs: 2000, keepAliveMs: 5000 });
    assert.throws(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '15000' }), {
      message: 'REQUEST_TIMEOUT_MS (15000) must be at least HEADERS_TIMEOUT_MS (20000): the whole request includes its headers',
    });
  });

  it('PUBLIC_URL: an origin, trailing slash trimmed', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://kith.example.com/' }).publicUrl, 'https://kith.example.com');
    assert.equal(loadConfig({ PUBLIC_URL: ' https://Kith.Example.com:8443 ' }).publicUrl, 'https://kith.example.com:8443');
    assert.equal(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ PUBLIC_URL: '' }).publicUrl, null);
  });

  it('TLS_CERT and TLS_KEY: both or neither, the error names the one missing', () => {
    assert.deepEqual(loadConfig({ TLS_CERT: '/etc/kith/cert.pem', TLS_KEY: '/etc/kith/key.pem' }).tls, { certFile: '/etc/kith/cert.pem', keyFile: '/etc/kith/key.pem' });
    assert.throws(() => loadConfig({ TLS_CERT: '/etc/kith/cert.pem' }), { name: 'ConfigError', message: 'TLS_CERT is set but TLS_KEY is not: set both (PEM files) for HTTPS, or neither' });
    assert.throws(() => loadConfig({ TLS_KEY: '/etc/kith/key.pem', TLS_CERT: ' ' }), { name: 'ConfigError', message: 'TLS_KEY is set but TLS_CERT is not: set both (PEM files) for HTTPS, or neither' });
  });

  it('listenUrl: the address the server prints, https with TLS', () => {
    assert.equal(listenUrl(loadConfig({})), 'http://127.0.0.1:3000');
    assert.equal(listenUrl(loadConfig({ HOST: '0.0.0.0', PORT: '8080' })), 'http://127.0.0.1:8080');
    assert.equal(listenUrl(loadConfig({ HOST: '::1' })), 'http://[::1]:3000');
    assert.equal(listenUrl(loadConfig({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', PORT: '8443' })), 'https://127.0.0.1:8443');
  });
});

describe('loadTls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-config-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const one = selfSignedCertificate(dir, 'one');
  const two = selfSignedCertificate(dir, 'two');

  it('reads a certificate and its key', () => {
    const { cert, key } = loadTls({ certFile: one.certFile, keyFile: one.keyFile });
    assert.match(cert.toString(), /BEGIN CERTIFICATE/);
    assert.match(key.toString(), /BEGIN PRIVATE KEY/);
  });

  it('refuses a missing file, a file that is not PEM, and a key of another certificate, in one line each', () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello\n');
    const cases: [{ certFile: string; keyFile: string }, RegExp][] = [
      [{ certFile: join(dir, 'missing.pem'), keyFile: one.keyFile }, /^TLS_CERT: cannot read .*missing\.pem \(no such file\)$/],
      [{ certFile: one.certFile, keyFile: join(dir, 'missing.pem') }, /^TLS_KEY: cannot read .*missing\.pem \(no such file\)$/],
      [{ certFile: dir, keyFile: one.keyFile }, /^TLS_CERT: cannot read .* \(a folder, not a file\)$/],
      [{ certFile: notPem, keyFile: one.keyFile }, /^TLS_CERT\/TLS_KEY: .* are not a PEM certificate and its private key \(.+\)$/],
      [{ certFile: one.certFile, keyFile: notPem }, /^TLS_CERT\/TLS_KEY: .* are not a PEM certificate and its private key \(.+\)$/],
      [{ certFile: one.certFile, keyFile: two.keyFile }, /^TLS_KEY: .*two-key\.pem is not the private key of the certificate in TLS_CERT \(.*one-cert\.pem\)$/],
    ];
    for (const [files, message] of cases) {
      assert.throws(
        () => loadTls(files),
        (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
        `${files.certFile} ${files.keyFile}`,
      );
    }
  });
});

describe('docs/operations.md', () => {
  it('lists every variable with its default and meaning, as in CONFIG_DOCS', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    for (const d of CONFIG_DOCS) {
      const shown = d.default === '' ? 'unset' : `\`${d.default}\``;
      assert.ok(doc.includes(`| \`${d.name}\` | ${shown} | ${d.meaning} |`), `${d.name} row missing or stale`);
    }
  });
});
