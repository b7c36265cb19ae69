import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { RATINGS_BATCH_MAX_SUBJECTS } from '../../../../src/routes/v1/sites/ratings.ts';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../../../helpers.ts';

const S = (subject: string) => encodeURIComponent(subject);
/** `subject=a&subject=b…`, each URL-encoded. */
const subjectsQuery = (subjects: readonly string[]) => subjects.map((s) => `subject=${S(s)}`).join('&');
const zero = (subject: string) => ({ subject, average: 0, count: 0, histogram: [0, 0, 0, 0, 0] });

for (const leg of legs()) {
  describe(`ratings routes (${leg.name})`, () => {
    const t = useApp(leg);

    const put = async (token: string, subject: string, value: unknown, headers: Record<string, string> = {}) =>
      t.inject({ method: 'PUT', url: `/v1/sites/alpha/ratings/mine?subject=${S(subject)}`, headers: { ...json, ...bearer(token), ...headers }, payload: JSON.stringify({ value }) });
    const summary = async (subject: string, site = 'alpha') => (await t.inject({ url: `/v1/sites/${site}/ratings?subject=${S(subject)}` })).json();

    describe('GET /ratings (summary)', () => {
      it('returns count 0 for a subject nobody rated', async () => {
        const res = await t.inject({ url: '/v1/sites/alpha/ratings?subject=product%2Fnone' });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json(), { subject: 'product/none', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] });
        assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
        // Weak: one tag for the identity, gzip and br bytes of the same JSON (lib/etag.ts).
        assert.match(String(res.headers.etag), /^W\/"[\w-]{27}"$/);
        assert.match(String(res.headers.vary), /Origin/);
      });

      it('answers If-None-Match with 304 (exact, weak and list forms) and 200 when it changed', async () => {
        const first = await t.inject({ url: '/v1/sites/alpha/ratings?subject=etag' });
        const etag = String(first.headers.etag);
        const opaque = etag.slice(2); // the strong form of the same tag: weak comparison matches it too
        for (const inm of [etag, opaque, `"nope", ${etag}`, `"nope",${opaque}`, '*']) {
          const res = await t.inject({ url: '/v1/sites/alpha/ratings?subject=etag', headers: { 'if-none-match': inm } });
          assert.equal(res.statusCode, 304, inm);
          assert.equal(res.body, '');
          assert.equal(res.headers.etag, etag);
        }
        assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=etag', headers: { 'if-none-match': '"other"' } })).statusCode, 200);
        await put(await t.user(t.alpha, 'etag-user'), 'etag', 4);
        const changed = await t.inject({ url: '/v1/sites/alpha/ratings?subject=etag', headers: { 'if-none-match': etag } });
        assert.equal(changed.statusCode, 200);
        assert.notEqual(changed.headers.etag, etag);
        assert.equal(changed.json().count, 1);
      });

      it('refuses a missing, empty, repeated, control-character, oversize subject and unknown query fields', async () => {
        const bad = [
          '/v1/sites/alpha/ratings',
          '/v1/sites/alpha/ratings?subject=',
          '/v1/sites/alpha/ratings?subject=a&subject=b',
          '/v1/sites/alpha/ratings?subject=a%00b',
          `/v1/sites/alpha/ratings?subject=${'x'.repeat(513)}`,
          '/v1/sites/alpha/ratings?subject=a&extra=1',
        ];
        for (const url of bad) {
          const res = await t.inject({ url });
          assert.equal(res.statusCode, 400, url);
          assert.equal(res.json().error.code, 'validation_failed', url);
          assert.ok(res.json().error.details.length >= 1, url);
        }
        const missing = (await t.inject({ url: '/v1/sites/alpha/ratings' })).json();
        assert.deepEqual(missing.error.details, [{ path: 'querystring/subject', message: 'is required' }]);
        assert.equal((await t.inject({ url: `/v1/sites/alpha/ratings?subject=${'x'.repeat(512)}` })).statusCode, 200);
        // 512 characters but over 1024 UTF-8 bytes: refused before it reaches a database key.
        const wide = await t.inject({ url: `/v1/sites/alpha/ratings?subject=${S('€'.repeat(512))}` });
        assert.equal(wide.statusCode, 400);
        assert.equal(wide.json().error.details[0].path, 'querystring/subject');
        const emoji = await put(await t.user(t.alpha, '😀'.repeat(200)), '😀'.repeat(256), 5);
        assert.equal(emoji.statusCode, 200, emoji.body);
        assert.equal(emoji.json().summary.count, 1);
      });

      it('404s an unknown site and 400s a malformed site id', async () => {
        const res = await t.inject({ url: '/v1/sites/nosuch/ratings?subject=a' });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().error.code, 'site_not_found');
        const bad = await t.inject({ url: '/v1/sites/NO_SUCH/ratings?subject=a' });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().error.details[0].path, 'params/site');
      });
    });

    describe('PUT/GET/DELETE /ratings/mine', () => {
      it('sets, reads, changes and retracts a vote with exact aggregates', async () => {
        const token = await t.user(t.alpha, 'alice');
        let res = await put(token, 'p/1', 4);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json(), { subject: 'p/1', value: 4, summary: { subject: 'p/1', average: 4, count: 1, histogram: [0, 0, 0, 1, 0] } });
        assert.equal(res.headers['cache-control'], 'private, no-store');

        const mine = await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=p%2F1', headers: bearer(token) });
        assert.equal(mine.statusCode, 200);
        assert.deepEqual(mine.json(), { subject: 'p/1', value: 4 });
        assert.equal(mine.headers['cache-control'], 'private, no-store');

        res = await put(token, 'p/1', 2);
        assert.deepEqual(res.json().summary, { subject: 'p/1', average: 2, count: 1, histogram: [0, 1, 0, 0, 0] });
        res = await put(await t.user(t.alpha, 'bob'), 'p/1', 5);
        assert.deepEqual(res.json().summary, { subject: 'p/1', average: 3.5, count: 2, histogram: [0, 1, 0, 0, 1] });

        const del = await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/ratings/mine?subject=p%2F1', headers: bearer(token) });
        assert.equal(del.statusCode, 200);
        assert.deepEqual(del.json(), { subject: 'p/1', value: null, summary: { subject: 'p/1', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] } });
        const again = await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/ratings/mine?subject=p%2F1', headers: bearer(token) });
        assert.equal(again.statusCode, 200);
        assert.equal(again.json().summary.count, 1);
        assert.deepEqual((await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=p%2F1', headers: bearer(token) })).json(), { subject: 'p/1', value: null });
        assert.deepEqual(await summary('p/1'), { subject: 'p/1', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] });
      });

      it('rounds the average to two decimals', async () => {
        for (const [i, v] of [5, 4, 4].entries()) await put(await t.user(t.alpha, `round-${i}`), 'round', v);
        assert.equal((await summary('round')).average, 4.33);
      });

      it('refuses wrong types and out-of-range values without writing', async () => {
        const token = await t.user(t.alpha, 'carol');
        for (const value of ['4', 4.5, 0, 6, -1, null, true, [4], { v: 4 }]) {
          const res = await put(token, 'p/types', value);
          assert.equal(res.statusCode, 400, JSON.stringify(value));
          assert.equal(res.json().error.code, 'validation_failed');
          assert.equal(res.json().error.details[0].path, 'body/value');
        }
        const cases: Array<[string, string]> = [
          ['{}', 'body/value'],
          ['{"value":4,"extra":1}', 'body/extra'],
          ['[]', 'body'],
          ['4', 'body'],
        ];
        for (const [payload, path] of cases) {
          const res = await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=p%2Ftypes', headers: { ...json, ...bearer(token) }, payload });
          assert.equal(res.statusCode, 400, payload);
          assert.ok(res.json().error.details.some((d: { path: string }) => d.path === path), `${payload}: ${res.body}`);
        }
        const noBody = await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=p%2Ftypes', headers: bearer(token) });
        assert.equal(noBody.statusCode, 400);
        const emptyJson = await t.inject({ method: 'PUT', url: '/v1/sites/alpha/ratings/mine?subject=p%2Ftypes', headers: { ...json, ...bearer(token) }, payload: '' });
        assert.equal(emptyJson.statusCode, 400);
        assert.equal(emptyJson.json().error.code, 'validation_failed');
        assert.deepEqual(await summary('p/types'), { subject: 'p/types', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] });
      });

      it('needs a token: none, malformed, bad, expired, wrong secret, wrong aud, another site, API key', async () => {
        const url = '/v1/sites/alpha/ratings/mine?subject=auth';
        const check = async (headers: Record<string, string>, status: number, code: string) => {
          for (const method of ['GET', 'PUT', 'DELETE'] as const) {
            const res = await t.inject({ method, url, headers: { ...json, ...headers }, payload: method === 'PUT' ? '{"value":3}' : undefined });
            assert.equal(res.statusCode, status, `${method} ${JSON.stringify(headers)}: ${res.body}`);
            assert.equal(res.json().error.code, code);
          }
        };
        await check({}, 401, 'unauthorized');
        await check({ authorization: 'Basic abc' }, 401, 'unauthorized');
        await check(bearer('not-a-jwt'), 401, 'unauthorized');
        await check(bearer(await t.user(t.alpha, 'late', { expiresIn: -120 })), 401, 'token_expired');
        await check(bearer(await t.user(t.alpha, 'x', { secret: 'wrong-secret-wrong-secret-wrong!' })), 401, 'unauthorized');
        await check(bearer(await t.user(t.alpha, 'x', { aud: 'beta' })), 401, 'unauthorized');
        await check(bearer(await t.user(t.beta, 'x')), 401, 'unauthorized');
        await check(bearer(await t.guest(t.beta)), 401, 'unauthorized');
        await check(bearer(t.alphaKey), 403, 'forbidden');
        await check(bearer(t.betaKey), 403, 'forbidden');
        await check(bearer('kith_sk_unknown'), 401, 'unauthorized');
        await check(bearer(await t.user(t.alpha, 'nul\u0000byte')), 401, 'unauthorized');
        await check(bearer(await t.user(t.alpha, 'x'.repeat(201))), 401, 'unauthorized');
        // Within the 30 s clock tolerance a just-expired token still works; aud equal to the site is fine.
        const res = await put(await t.user(t.alpha, 'edge', { expiresIn: -5, aud: 'alpha' }), 'auth', 3);
        assert.equal(res.statusCode, 200);
        assert.equal((await summary('auth')).count, 1);
      });

      it('lets guests vote where the policy allows, and refuses them where it does not', async () => {
        const guest = await t.guest(t.alpha);
        const res = await put(guest, 'guest/1', 5);
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().summary.count, 1);
        assert.deepEqual((await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=guest%2F1', headers: bearer(guest) })).json(), { subject: 'guest/1', value: 5 });

        const betaGuest = await t.guest(t.beta);
        const refused = await t.inject({ method: 'PUT', url: '/v1/sites/beta/ratings/mine?subject=guest%2F1', headers: { ...json, ...bearer(betaGuest) }, payload: '{"value":5}' });
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json().error.code, 'guests_not_allowed');
        assert.equal((await summary('guest/1', 'beta')).count, 0);
        const betaUser = await t.inject({ method: 'PUT', url: '/v1/sites/beta/ratings/mine?subject=guest%2F1', headers: { ...json, ...bearer(await t.user(t.beta, 'u')) }, payload: '{"value":5}' });
        assert.equal(betaUser.statusCode, 200);
        // Sites are separate: alpha's subject still has exactly its own vote.
        assert.equal((await summary('guest/1')).count, 1);
      });

      it('keeps aggregates exact under 50 parallel writers and mixed changes', async () => {
        const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => t.user(t.alpha, `par-${i}`)));
        const results = await Promise.all(tokens.map((token, i) => put(token, 'hot', (i % 5) + 1)));
        assert.deepEqual(results.map((r) => r.statusCode), Array(50).fill(200));
        assert.deepEqual(await summary('hot'), { subject: 'hot', average: 3, count: 50, histogram: [10, 10, 10, 10, 10] });

        // Everyone changes to 5, half retract, in parallel.
        await Promise.all(tokens.map((token) => put(token, 'hot', 5)));
        await Promise.all(
          tokens.slice(0, 25).map((token) => t.inject({ method: 'DELETE', url: '/v1/sites/alpha/ratings/mine?subject=hot', headers: bearer(token) })),
        );
        assert.deepEqual(await summary('hot'), { subject: 'hot', average: 5, count: 25, histogram: [0, 0, 0, 0, 25] });

        // The aggregate equals a recount of the vote rows.
        const rows = await t.store.db.selectFrom('rating_votes').select('value').where('site_id', '=', 'alpha').where('subject', '=', 'hot').execute();
        assert.equal(rows.length, 25);
        assert.ok(rows.every((r) => Number(r.value) === 5));
      });

      it('keeps one vote per principal when the same user races with different values', async () => {
        const token = await t.user(t.alpha, 'racer');
        const results = await Promise.all([1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((v) => put(token, 'race', v)));
        assert.ok(results.every((r) => r.statusCode === 200));
        const s = await summary('race');
        assert.equal(s.count, 1);
        assert.equal(s.histogram.reduce((a: number, b: number) => a + b, 0), 1);
        const mine = (await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=race', headers: bearer(token) })).json();
        assert.equal(s.average, mine.value);
      });
    });

    /** Runs `work` and counts the SQL queries it builds through app.store.db (also those only compiled and run on
     * SQLite's read-only connection) and, on SQLite, the reads on that connection. */
    const countQueries = async (work: () => Promise<unknown>) => {
      const db = t.store.db;
      const read = t.store.read;
      const counts = { queries: 0, readOnly: 0 };
      const counter: KyselyPlugin = {
        transformQuery: (args) => ((counts.queries += 1), args.node),
        transformResult: async (args) => args.result,
      };
      t.store.db = db.withPlugin(counter);
      if (read) t.store.read = (text, parameters) => ((counts.readOnly += 1), read(text, parameters));
      try {
        await work();
      } finally {
        t.store.db = db;
        t.store.read = read;
      }
      return counts;
    };

    describe('GET /ratings/batch (summaries)', () => {
      const batch = (subjects: readonly string[], headers: Record<string, string> = {}, site = 'alpha') =>
        t.inject({ url: `/v1/sites/${site}/ratings/batch?${subjectsQuery(subjects)}`, headers });

      it('answers one summary per distinct subject in first-seen order, zero summaries for unrated ones', async () => {
        await put(await t.user(t.alpha, 'batch-a'), 'batch/b', 4);
        await put(await t.user(t.alpha, 'batch-b'), 'batch/b', 1);
        await put(await t.user(t.alpha, 'batch-a'), 'batch/a', 5);
        const res = await batch(['batch/b', 'batch/none', 'batch/a', 'batch/b', 'batch/none']);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), {
          items: [
            { subject: 'batch/b', average: 2.5, count: 2, histogram: [1, 0, 0, 1, 0] },
            zero('batch/none'),
            { subject: 'batch/a', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] },
          ],
        });
        assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
        assert.match(String(res.headers.etag), /^W\/"[\w-]{27}"$/);
        assert.match(String(res.headers.vary), /Origin/);
        assert.match(String(res.headers.vary), /accept-encoding/i);
        // Each item is exactly what the single route says.
        for (const item of res.json().items) assert.deepEqual(item, await summary(item.subject));
      });

      it('takes a single subject= (a string to the query parser) as a list of one', async () => {
        const res = await t.inject({ url: '/v1/sites/alpha/ratings/batch?subject=batch%2Fa' });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { items: [{ subject: 'batch/a', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] }] });
      });

      it(`answers ${RATINGS_BATCH_MAX_SUBJECTS} subjects in order with one SQL query, then from the 1 s memo with none`, async () => {
        assert.equal(RATINGS_BATCH_MAX_SUBJECTS, 200);
        const subjects = Array.from({ length: 200 }, (_, i) => `many/${(i * 37) % 200}`);
        await put(await t.user(t.alpha, 'many'), 'many/37', 3);
        await batch(['warm-up']); // loads the site row into its cache, so only rating queries are counted
        let res = await batch([]);
        const first = await countQueries(async () => {
          res = await batch(subjects);
        });
        assert.equal(res.statusCode, 200, res.body);
        const items = res.json().items as Array<{ subject: string; count: number }>;
        assert.deepEqual(items.map((item) => item.subject), subjects);
        assert.deepEqual(items[1], { subject: 'many/37', average: 3, count: 1, histogram: [0, 0, 1, 0, 0] });
        assert.equal(items.filter((item) => item.count > 0).length, 1);
        assert.equal(first.queries, 1);
        assert.equal(first.readOnly, leg.name === 'sqlite' ? 1 : 0);
        const again = await countQueries(async () => {
          res = await batch(subjects);
        });
        assert.equal(again.queries, 0);
        assert.equal(res.json().items.length, 200);
      });

      it('reads only the subjects the memo lacks, and a write refreshes its subject in batches at once', async () => {
        const token = await t.user(t.alpha, 'memo-user');
        const before = await batch(['memo/x', 'memo/y']);
        assert.deepEqual(before.json().items, [zero('memo/x'), zero('memo/y')]);
        // Within the memo's second: the write drops memo/x, so only memo/x is read again.
        await put(token, 'memo/x', 2);
        let res = await batch([]);
        const counted = await countQueries(async () => {
          res = await batch(['memo/x', 'memo/y']);
        });
        assert.deepEqual(res.json().items, [{ subject: 'memo/x', average: 2, count: 1, histogram: [0, 1, 0, 0, 0] }, zero('memo/y')]);
        assert.equal(counted.queries, 1);
        assert.notEqual(res.headers.etag, before.headers.etag);
        // The single route shares the memo both ways.
        assert.equal((await summary('memo/x')).count, 1);
        await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/ratings/mine?subject=memo%2Fx', headers: bearer(token) });
        assert.deepEqual((await batch(['memo/x'])).json().items, [zero('memo/x')]);
      });

      it('answers If-None-Match with 304, and 200 with a new ETag once a subject changed', async () => {
        const subjects = ['etag/1', 'etag/2'];
        const first = await batch(subjects);
        const etag = String(first.headers.etag);
        for (const inm of [etag, etag.slice(2), `"nope", ${etag}`, '*']) {
          const res = await batch(subjects, { 'if-none-match': inm });
          assert.equal(res.statusCode, 304, inm);
          assert.equal(res.body, '');
          assert.equal(res.headers.etag, etag);
          assert.equal(res.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=60');
        }
        // Another order is another body, so another tag.
        assert.notEqual((await batch(['etag/2', 'etag/1'])).headers.etag, etag);
        await put(await t.user(t.alpha, 'etag-batch'), 'etag/2', 5);
        const changed = await batch(subjects, { 'if-none-match': etag });
        assert.equal(changed.statusCode, 200);
        assert.notEqual(changed.headers.etag, etag);
        assert.equal(changed.json().items[1].count, 1);
      });

      it('refuses no subject, an empty, control-character, too long or too wide subject, 201 subjects and unknown fields', async () => {
        const cases: Array<[string, string]> = [
          ['', 'querystring/subject'],
          ['subject=', 'querystring/subject/0'],
          ['subject=ok&subject=a%00b', 'querystring/subject/1'],
          [`subject=ok&subject=${'x'.repeat(513)}`, 'querystring/subject/1'],
          [`subject=a&subject=b&subject=${S('€'.repeat(512))}`, 'querystring/subject/2'],
          [subjectsQuery(Array.from({ length: 201 }, (_, i) => `s/${i}`)), 'querystring/subject'],
          // The limit counts what was sent, repeats included: the client dedupes before it sends.
          [subjectsQuery(Array(201).fill('same')), 'querystring/subject'],
          ['subject=a&extra=1', 'querystring/extra'],
        ];
        for (const [query, path] of cases) {
          const res = await t.inject({ url: `/v1/sites/alpha/ratings/batch?${query}` });
          assert.equal(res.statusCode, 400, `${query.slice(0, 60)}: ${res.body.slice(0, 200)}`);
          const { error } = res.json();
          assert.equal(error.code, 'validation_failed');
          assert.ok(error.details.some((d: { path: string }) => d.path === path), `${query.slice(0, 60)}: ${JSON.stringify(error.details)}`);
        }
        const missing = (await t.inject({ url: '/v1/sites/alpha/ratings/batch' })).json();
        assert.deepEqual(missing.error.details, [{ path: 'querystring/subject', message: 'is required' }]);
        const tooMany = (await batch(Array.from({ length: 201 }, (_, i) => `s/${i}`))).json();
        assert.deepEqual(tooMany.error.details, [{ path: 'querystring/subject', message: 'must NOT have more than 200 items' }]);
        const wide = (await batch(['a', '€'.repeat(512)])).json();
        assert.deepEqual(wide.error.details, [{ path: 'querystring/subject/1', message: 'must be at most 1024 bytes in UTF-8' }]);
        // The edges are fine: 512 characters, 1024 bytes.
        const edge = await batch(['x'.repeat(512), 'é'.repeat(512)]);
        assert.equal(edge.statusCode, 200, edge.body);
        assert.equal(edge.json().items.length, 2);
      });

      it('keeps sites apart, checks the origin like the single route, and 404s an unknown site', async () => {
        await t.inject({ method: 'PUT', url: '/v1/sites/beta/ratings/mine?subject=apart', headers: { ...json, ...bearer(await t.user(t.beta, 'u')) }, payload: '{"value":1}' });
        await put(await t.user(t.alpha, 'apart'), 'apart', 5);
        assert.deepEqual((await batch(['apart'], {}, 'beta')).json().items, [{ subject: 'apart', average: 1, count: 1, histogram: [1, 0, 0, 0, 0] }]);
        assert.deepEqual((await batch(['apart'])).json().items, [{ subject: 'apart', average: 5, count: 1, histogram: [0, 0, 0, 0, 1] }]);
        const allowed = await batch(['apart'], { origin: ALPHA_ORIGIN });
        assert.equal(allowed.statusCode, 200);
        assert.equal(allowed.headers['access-control-allow-origin'], ALPHA_ORIGIN);
        const foreign = await batch(['apart'], { origin: 'https://evil.test' });
        assert.equal(foreign.statusCode, 403);
        assert.equal(foreign.json().error.code, 'origin_not_allowed');
        const unknown = await batch(['apart'], {}, 'nosuch');
        assert.equal(unknown.statusCode, 404);
        assert.equal(unknown.json().error.code, 'site_not_found');
      });
    });

    describe('GET /ratings/mine/batch (own votes)', () => {
      const mineBatch = (subjects: readonly string[], headers: Record<string, string> = {}) =>
        t.inject({ url: `/v1/sites/alpha/ratings/mine/batch?${subjectsQuery(subjects)}`, headers });

      it("answers the caller's vote per distinct subject in first-seen order, null where none", async () => {
        const alice = await t.user(t.alpha, 'mb-alice');
        await put(alice, 'mb/a', 3);
        await put(alice, 'mb/c', 5);
        await put(await t.user(t.alpha, 'mb-bob'), 'mb/b', 1);
        const res = await mineBatch(['mb/c', 'mb/b', 'mb/a', 'mb/c'], bearer(alice));
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), {
          items: [
            { subject: 'mb/c', value: 5 },
            { subject: 'mb/b', value: null },
            { subject: 'mb/a', value: 3 },
          ],
        });
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.equal(res.headers.etag, undefined);
        const one = await t.inject({ url: '/v1/sites/alpha/ratings/mine/batch?subject=mb%2Fa', headers: bearer(alice) });
        assert.deepEqual(one.json(), { items: [{ subject: 'mb/a', value: 3 }] });
      });

      it('reads 200 subjects with one SQL query', async () => {
        const token = await t.user(t.alpha, 'mb-many');
        await put(token, 'mbm/199', 4);
        const subjects = Array.from({ length: 200 }, (_, i) => `mbm/${i}`);
        await mineBatch(['warm-up'], bearer(token));
        let res = await mineBatch([], bearer(token));
        const counted = await countQueries(async () => {
          res = await mineBatch(subjects, bearer(token));
        });
        assert.equal(res.statusCode, 200, res.body);
        const items = res.json().items as Array<{ subject: string; value: number | null }>;
        assert.deepEqual(items.map((item) => item.subject), subjects);
        assert.deepEqual(items[199], { subject: 'mbm/199', value: 4 });
        assert.equal(items.filter((item) => item.value !== null).length, 1);
        assert.equal(counted.queries, 1);
      });

      it('works with a visitor token and needs a user or visitor token like /ratings/mine', async () => {
        const guest = await t.guest(t.alpha);
        await put(guest, 'mb/guest', 2);
        assert.deepEqual((await mineBatch(['mb/guest', 'mb/a'], bearer(guest))).json(), {
          items: [
            { subject: 'mb/guest', value: 2 },
            { subject: 'mb/a', value: null },
          ],
        });
        const refusals: Array<[Record<string, string>, number, string]> = [
          [{}, 401, 'unauthorized'],
          [bearer('not-a-jwt'), 401, 'unauthorized'],
          [bearer(await t.user(t.alpha, 'late', { expiresIn: -120 })), 401, 'token_expired'],
          [bearer(await t.user(t.beta, 'x')), 401, 'unauthorized'],
          [bearer(t.alphaKey), 403, 'forbidden'],
        ];
        for (const [headers, status, code] of refusals) {
          const res = await mineBatch(['mb/a'], headers);
          assert.equal(res.statusCode, status, `${JSON.stringify(headers)}: ${res.body}`);
          assert.equal(res.json().error.code, code);
        }
      });

      it('refuses bad subject lists with the same rules as the summary batch', async () => {
        const token = bearer(await t.user(t.alpha, 'mb-bad'));
        const cases: Array<[string, string]> = [
          ['', 'querystring/subject'],
          ['subject=', 'querystring/subject/0'],
          ['subject=ok&subject=a%01b', 'querystring/subject/1'],
          [subjectsQuery(Array.from({ length: 201 }, (_, i) => `s/${i}`)), 'querystring/subject'],
          [`subject=${S('😀'.repeat(257))}`, 'querystring/subject/0'],
          ['subject=a&extra=1', 'querystring/extra'],
        ];
        for (const [query, path] of cases) {
          const res = await t.inject({ url: `/v1/sites/alpha/ratings/mine/batch?${query}`, headers: token });
          assert.equal(res.statusCode, 400, `${query.slice(0, 60)}: ${res.body.slice(0, 200)}`);
          assert.equal(res.json().error.code, 'validation_failed');
          assert.ok(res.json().error.details.some((d: { path: string }) => d.path === path), `${query.slice(0, 60)}: ${res.body.slice(0, 300)}`);
        }
      });
    });
  });
}
