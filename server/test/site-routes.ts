// Test helper: every operation of the OpenAPI document, and a request each one answers with a 2xx, so
// tests can vary one thing (the path's spelling, a parameter, the body) and compare.
import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { signUserToken } from '../src/services/identity.ts';
import { bearer, type TestApp } from './helpers.ts';

export interface Operation {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** As in the document: `/v1/sites/{site}/ratings`. */
  path: string;
  /** Whether it takes `subject` in the query (single or batch). */
  subject: boolean;
  secured: boolean;
  /** The JSON body schema, when the operation takes one. */
  body?: { required?: string[]; properties?: Record<string, unknown> };
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: Operation['body'] }> };
}

/** The document's operations, read from GET /v1/openapi.json. */
export async function operations(t: TestApp): Promise<Operation[]> {
  const doc = (await t.inject({ url: '/v1/openapi.json' })).json() as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      subject: (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'subject'),
      secured: (op.security ?? []).length > 0,
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
}

/** A JSON body the operation accepts: its required properties with a plausible value. */
function validBody(op: Operation): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of op.body?.required ?? []) body[name] = name === 'value' ? 3 : 'x';
  return body;
}

/**
 * A request `op` answers with a 2xx on site `alpha`: the site's settings need its API key, other secured
 * routes a user token (`sub`), subjects are `subject` (URL-encoded).
 */
/** A visitor nobody is: what the moderation and revocation routes are asked about. */
const NOBODY = 'guest:00000000-0000-4000-8000-000000000000';

/** A published comment on alpha (subject `sweep/fixture`) by `author`, one per label and app: what the
 * comment routes' valid requests name in `{id}` (issue 8). */
const fixtures = new WeakMap<TestApp, Map<string, Promise<string>>>();
function fixtureComment(t: TestApp, label: string, author: string): Promise<string> {
  let byLabel = fixtures.get(t);
  if (!byLabel) fixtures.set(t, (byLabel = new Map()));
  let id = byLabel.get(label);
  if (!id) {
    const value = randomBytes(12).toString('hex');
    id = t.store.db
      .insertInto('comments')
      .values({ id: value, site_id: 'alpha', subject: 'sweep/fixture', root_id: value, author, author_kind: 'user', author_name: author, body: label, body_hash: label, tree: '{"type":"root","children":[]}', status: 'approved', created_at: new Date().toISOString() })
      .execute()
      .then(() => value);
    byLabel.set(label, id);
  }
  return id;
}

/** A moderator's token of its own per stewardship route, so that each route's calls have their own write
 * budget (RATE_LIMIT_WRITES_PER_USER) however many spellings a test sends. */
const steward = (t: TestApp, route: string) => signUserToken(t.alpha.secret, { sub: `steward-${route}`, name: route, role: 'moderator' });

/** Makes sure alpha has the tags named (0 uses) and not the synonyms named: what the stewardship routes'
 * valid requests act on, again and again (issue 9). */
async function fixtureTags(t: TestApp, keys: string[], notSynonyms: string[] = []): Promise<void> {
  const now = new Date().toISOString();
  if (notSynonyms.length) await t.store.db.deleteFrom('tag_synonyms').where('site_id', '=', 'alpha').where('from_key', 'in', notSynonyms).execute();
  for (const key of keys) {
    await t.store.db.insertInto('tags').values({ site_id: 'alpha', key, display: key, created_at: now, updated_at: now }).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Routes whose valid request is not the generic one: an API key, a visitor token, a filter (issue 7), a
 * comment id (issue 8). */
const SPECIAL: Record<string, (t: TestApp) => Promise<{ query?: string; credential?: string; body?: unknown; id?: string }>> = {
  'GET /v1/sites/{site}/moderation/guest-votes': async (t) => ({ query: `?visitor=${NOBODY}`, credential: t.alphaKey }),
  'POST /v1/sites/{site}/moderation/guest-votes/purge': async (t) => ({ credential: t.alphaKey, body: { visitor: NOBODY } }),
  'POST /v1/sites/{site}/visitors/revoke': async (t) => ({ credential: t.alphaKey, body: { visitor: NOBODY } }),
  'POST /v1/sites/{site}/visitors/renew': async (t) => ({ credential: await t.guest(t.alpha) }),
  'GET /v1/sites/{site}/comments/thread': async (t) => ({ query: `?subject=sweep%2Ffixture&root=${await fixtureComment(t, 'thread', 'user:other')}` }),
  'PATCH /v1/sites/{site}/comments/{id}': async (t) => ({ credential: await t.user(t.alpha, 'sweeper'), id: await fixtureComment(t, 'edit', 'user:sweeper') }),
  'DELETE /v1/sites/{site}/comments/{id}': async (t) => ({ credential: await t.user(t.alpha, 'sweeper'), id: await fixtureComment(t, 'delete', 'user:sweeper') }),
  'PUT /v1/sites/{site}/comments/{id}/vote': async (t) => ({ credential: await t.user(t.alpha, 'sweeper'), id: await fixtureComment(t, 'vote', 'user:other'), body: { value: 1 } }),
  'DELETE /v1/sites/{site}/comments/{id}/vote': async (t) => ({ credential: await t.user(t.alpha, 'sweeper'), id: await fixtureComment(t, 'vote', 'user:other') }),
  'GET /v1/sites/{site}/moderation/comments': async (t) => ({ credential: t.alphaKey }),
  'POST /v1/sites/{site}/moderation/comments/{id}': async (t) => ({ credential: t.alphaKey, id: await fixtureComment(t, 'moderate', 'user:other'), body: { action: 'approve' } }),
  'POST /v1/sites/{site}/moderation/authors/block': async (t) => ({ credential: t.alphaKey, body: { author: 'user:nobody' } }),
  'POST /v1/sites/{site}/moderation/authors/unblock': async (t) => ({ credential: t.alphaKey, body: { author: 'user:nobody' } }),
  'GET /v1/sites/{site}/moderation/authors/blocked': async (t) => ({ credential: t.alphaKey }),
  'GET /v1/sites/{site}/moderation/log': async (t) => ({ credential: t.alphaKey }),
  'GET /v1/sites/{site}/tags/subjects': async () => ({ query: '?tag=x' }),
  'DELETE /v1/sites/{site}/tags': async () => ({ query: '?subject=x&tag=x' }),
  // Not "x": the sweep's bodies for PUT …/tags/moderation/restricted restrict the tag "x" (as a moderator).
  'POST /v1/sites/{site}/tags': async () => ({ body: { tag: 'swept' } }),
  'GET /v1/sites/{site}/tags/page': async (t) => (await fixtureTags(t, ['sweep-page']), { query: '?tag=sweep-page' }),
  'POST /v1/sites/{site}/tags/moderation/rename': async (t) => (await fixtureTags(t, ['sweep-rename']), { credential: await steward(t, 'rename'), body: { from: 'sweep-rename', to: 'Sweep-Rename' } }),
  'POST /v1/sites/{site}/tags/moderation/merge': async (t) => (await fixtureTags(t, ['sweep-from'], ['sweep-from']), { credential: await steward(t, 'merge'), body: { from: 'sweep-from', into: 'sweep-into' } }),
  'PUT /v1/sites/{site}/tags/moderation/synonyms': async (t) => ({ credential: await steward(t, 'synonym'), body: { from: 'sweep-alias', to: 'sweep-target' } }),
  'DELETE /v1/sites/{site}/tags/moderation/synonyms': async (t) => {
    await fixtureTags(t, ['sweep-target']);
    await t.store.db.insertInto('tag_synonyms').values({ site_id: 'alpha', from_key: 'sweep-gone', to_key: 'sweep-target', created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
    return { credential: await steward(t, 'unsynonym'), query: '?from=sweep-gone' };
  },
  'DELETE /v1/sites/{site}/tags/moderation/tag': async (t) => (await fixtureTags(t, ['sweep-delete']), { credential: await steward(t, 'delete'), query: '?tag=sweep-delete' }),
  'PUT /v1/sites/{site}/tags/moderation/restricted': async (t) => ({ credential: await steward(t, 'restricted'), body: { tag: 'sweep', restricted: false } }),
  'PUT /v1/sites/{site}/tags/moderation/description': async (t) => ({ credential: await steward(t, 'description'), body: { tag: 'sweep', description: 'swept' } }),
  'GET /v1/sites/{site}/tags/moderation/log': async (t) => ({ credential: t.alphaKey }),
  'PUT /v1/sites/{site}/cards': async (t) => ({ query: '?subject=sweep%2Fcard', credential: t.alphaKey, body: { name: 'Sweep' } }),
  'DELETE /v1/sites/{site}/cards': async (t) => ({ query: '?subject=sweep%2Fcard', credential: t.alphaKey }),
  'GET /v1/sites/{site}/cards/layout': async () => ({ query: '?kind=sweep%2F' }),
  'POST /v1/sites/{site}/cards/import': async (t) => ({ credential: t.alphaKey, body: [{ subject: 'sweep/import', name: 'Sweep' }] }),
  'PUT /v1/sites/{site}/cards/layout': async (t) => ({ query: '?kind=sweep%2F', credential: t.alphaKey, body: { fields: ['name', 'title'] } }),
  // A feed the proxy holds a fresh copy of (no network in tests).
  'GET /v1/sites/{site}/feeds': async (t) => (await fixtureFeed(t), { query: `?url=${encodeURIComponent(SWEEP_FEED)}` }),
  'GET /v1/sites/{site}/feeds/batch': async () => ({ query: '?subject=activity' }),
  'DELETE /v1/sites/{site}/feeds/list': async (t) => ({ query: `?url=${encodeURIComponent(SWEEP_FEED)}`, credential: t.alphaKey }),
  'POST /v1/sites/{site}/feeds/import': async (t) => ({ credential: t.alphaKey, body: `<opml version="2.0"><body><outline text="Sweep" xmlUrl="${SWEEP_FEED}"/></body></opml>` }),
};

const SWEEP_FEED = 'https://sweep.example/feed.xml';

/** A fresh copy of SWEEP_FEED in the proxy's store. */
async function fixtureFeed(t: TestApp): Promise<void> {
  const now = new Date().toISOString();
  const document = JSON.stringify({ format: 'rss', title: 'Sweep', items: [] });
  await t.store.db
    .insertInto('feed_cache')
    .values({ url: SWEEP_FEED, document, etag: null, last_modified: null, fetched_at: now, checked_at: now })
    .onConflict((oc) => oc.column('url').doUpdateSet({ checked_at: now }))
    .execute();
}

export async function validRequest(t: TestApp, op: Operation, opts: { sub?: string; subject?: string } = {}): Promise<InjectOptions & { url: string; headers: Record<string, string> }> {
  const special = await SPECIAL[`${op.method} ${op.path}`]?.(t);
  const query = special?.query ?? (op.subject ? `?subject=${encodeURIComponent(opts.subject ?? 'x')}` : '');
  const headers: Record<string, string> = {};
  if (special?.credential) Object.assign(headers, bearer(special.credential));
  else if (op.secured) Object.assign(headers, bearer(op.path === '/v1/sites/{site}' ? t.alphaKey : await t.user(t.alpha, opts.sub ?? 'sweeper')));
  const request: InjectOptions & { url: string; headers: Record<string, string> } = { method: op.method, url: op.path.replace('{site}', 'alpha').replace('{id}', special?.id ?? '{id}') + query, headers };
  if (op.body) {
    headers['content-type'] = 'application/json';
    request.payload = JSON.stringify(special?.body ?? validBody(op));
  }
  return request;
}
