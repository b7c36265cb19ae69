import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_DOCS, ConfigError, loadConfig } from '../src/config.ts';

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
      guestTokenTtlDays: 365,
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
      RATE_LIMIT_WRITES_PER_USER: ['0', 'many'],
      RATE_LIMIT_WRITES_PER_IP: ['-5'],
      GUEST_TOKEN_TTL_DAYS: ['0', '100000'],
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
      'RATE_LIMIT_WRITES_PER_USER', 'RATE_LIMIT_WRITES_PER_IP', 'GUEST_TOKEN_TTL_DAYS',
    ]);
  });
});

describe('docs/operations.md', () => {
  it('lists every variable with its default and meaning, as in CONFIG_DOCS', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    for (const d of CONFIG_DOCS) {
      assert.ok(doc.includes(`| \`${d.name}\` | \`${d.default}\` | ${d.meaning} |`), `${d.name} row missing or stale`);
    }
  });
});
