// Test helper: builds the app on every store leg (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)
// with two sites, API keys and token factories. Test files run the same bodies on every leg:
//   for (const leg of legs()) describe(leg.name, () => { const t = useApp(leg); … });
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createDb, dropSchema, randomSchemaName, type Store } from '../src/db/index.ts';
import { createKey } from '../src/services/keys.ts';
import { issueGuestToken, signUserToken } from '../src/services/identity.ts';
import { createSite, type Site } from '../src/services/sites.ts';

export interface Leg {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const pgUrl = process.env.TEST_DATABASE_URL;
export const PG_SKIP_REASON = 'PostgreSQL leg skipped: TEST_DATABASE_URL not set';

const sqliteLeg: Leg = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'kith-test-'));
    const store = await createDb(`sqlite:${join(dir, 'kith.db')}`);
    return {
      store,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresLeg: Leg = {
  name: 'postgres',
  async open() {
    const schema = randomSchemaName();
    const store = await createDb(pgUrl!, { schema });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropSchema(pgUrl!, schema);
      },
    };
  },
};

/** The legs to run; when PostgreSQL is not configured a skipped suite says why. */
export function legs(): Leg[] {
  if (!pgUrl) {
    describe('postgres', { skip: PG_SKIP_REASON }, () => {});
    return [sqliteLeg];
  }
  return [sqliteLeg, postgresLeg];
}

export function testConfig(env: Record<string, string> = {}): Config {
  // Generous per-IP limit: every injected request comes from 127.0.0.1; rate-limit tests lower it.
  return loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:', RATE_LIMIT_WRITES_PER_IP: '100000', ...env });
}

export const ALPHA_ORIGIN = 'https://crm.alpha.test';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  /** Guests may rate; origins: ALPHA_ORIGIN. */
  alpha: Site;
  /** No guests; origins: *. */
  beta: Site;
  alphaKey: string;
  betaKey: string;
  user(site: Site, sub: string, opts?: { expiresIn?: number; aud?: string; secret?: string }): Promise<string>;
  guest(site: Site): Promise<string>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * Registers before/after hooks that open a store on `leg`, seed two sites and build the app. The
 * returned object is filled in by `before`.
 */
export function useApp(leg: Leg, env: Record<string, string> = {}, build: Omit<BuildOptions, 'store'> = {}): TestApp {
  const t = {} as TestApp;
  let cleanup: () => Promise<void>;
  before(async () => {
    const opened = await leg.open();
    cleanup = opened.cleanup;
    t.store = opened.store;
    t.alpha = await createSite(t.store.db, { id: 'alpha', name: 'Alpha CRM', origins: [ALPHA_ORIGIN], policy: { guestsMayRate: true } });
    t.beta = await createSite(t.store.db, {
      id: 'beta',
      name: 'Beta shop',
      origins: ['*'],
      policy: { guestsMayRate: false, guestsMayComment: false },
    });
    t.alphaKey = (await createKey(t.store.db, 'alpha', 'alpha sync')).key;
    t.betaKey = (await createKey(t.store.db, 'beta', 'beta sync')).key;
    t.app = await buildApp(testConfig(env), { ...build, store: t.store });
    t.user = (site, sub, opts = {}) =>
      signUserToken(opts.secret ?? site.secret, { sub, name: sub, ...(opts.aud ? { aud: opts.aud } : {}) }, opts.expiresIn ?? 600);
    t.guest = async (site) => (await issueGuestToken(site, 1)).token;
    t.inject = (opts) => t.app.inject(opts);
  });
  after(async () => {
    await t.app?.close();
    await cleanup?.();
  });
  return t;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export const json = { 'content-type': 'application/json' };
