import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearer, json, legs, useApp } from '../helpers.ts';

for (const leg of legs()) {
  describe(`Idempotency-Key (${leg.name})`, () => {
    const t = useApp(leg);
    const put = async (token: string, key: string | undefined, value: number, subject = 'idem') =>
      t.inject({
        method: 'PUT',
        url: `/v1/sites/alpha/ratings/mine?subject=${subject}`,
        headers: { ...json, ...bearer(token), ...(key === undefined ? {} : { 'idempotency-key': key }) },
        payload: JSON.stringify({ value }),
      });
    const count = async (subject: string) => (await t.inject({ url: `/v1/sites/alpha/ratings?subject=${subject}` })).json();

    it('replays the first response for a repeat, with Idempotent-Replayed: true', async () => {
      const token = await t.user(t.alpha, 'idem-a');
      const first = await put(token, 'k-1', 4);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      // Someone else votes in between; the replay still shows the first answer.
      await put(await t.user(t.alpha, 'idem-b'), undefined, 2);
      const again = await put(token, 'k-1', 4);
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      assert.equal((await count('idem')).count, 2);
    });

    it('422s the same key on a different request, and scopes keys per principal', async () => {
      const token = await t.user(t.alpha, 'idem-c');
      assert.equal((await put(token, 'k-2', 3)).statusCode, 200);
      const reused = await put(token, 'k-2', 5);
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().error.code, 'idempotency_key_reused');
      const otherSubject = await put(token, 'k-2', 3, 'idem-other');
      assert.equal(otherSubject.statusCode, 422);
      const del = await t.inject({ method: 'DELETE', url: '/v1/sites/alpha/ratings/mine?subject=idem', headers: { ...bearer(token), 'idempotency-key': 'k-2' } });
      assert.equal(del.statusCode, 422);
      // Another principal may use the same key string.
      const other = await put(await t.user(t.alpha, 'idem-d'), 'k-2', 5);
      assert.equal(other.statusCode, 200);
      assert.equal(other.headers['idempotent-replayed'], undefined);
      assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings/mine?subject=idem', headers: bearer(token) })).json().value, 3);
    });

    it('applies a key once when identical requests race', async () => {
      const token = await t.user(t.alpha, 'idem-race');
      // A vote toggle that is NOT idempotent by itself: retract, then set. Racing deletes+puts with one key each.
      const results = await Promise.all(Array.from({ length: 10 }, () => put(token, 'race-key', 5, 'idem-race')));
      assert.ok(results.every((r) => r.statusCode === 200), results.map((r) => r.statusCode).join());
      assert.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 9);
      const rows = await t.store.db.selectFrom('idempotency_keys').selectAll().where('key', '=', 'race-key').execute();
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0]!.status), 200);
      assert.equal((await count('idem-race')).count, 1);
    });

    it('stores nothing for a failed write, so the key can be retried', async () => {
      const token = await t.user(t.alpha, 'idem-fail');
      const bad = await t.inject({
        method: 'PUT',
        url: '/v1/sites/beta/ratings/mine?subject=x',
        headers: { ...json, ...bearer(await t.guest(t.beta)), 'idempotency-key': 'k-fail' },
        payload: '{"value":5}',
      });
      assert.equal(bad.statusCode, 403);
      assert.equal((await put(token, 'k-fail', 2, 'idem-fail')).statusCode, 200);
    });

    it('validates the header', async () => {
      const token = await t.user(t.alpha, 'idem-v');
      for (const key of ['', 'has space', 'x'.repeat(201), 'ümlaut']) {
        const res = await put(token, key, 3, 'idem-v');
        assert.equal(res.statusCode, 400, JSON.stringify(key));
        assert.equal(res.json().error.code, 'validation_failed');
        assert.match(res.json().error.details[0].path, /idempotency-key/);
      }
      assert.equal((await put(token, 'A-z_0.9:x', 3, 'idem-v')).statusCode, 200);
      assert.equal((await count('idem-v')).count, 1);
    });

    it('expires keys after 24 hours', async () => {
      const token = await t.user(t.alpha, 'idem-old');
      assert.equal((await put(token, 'k-old', 1, 'idem-old')).statusCode, 200);
      await t.store.db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
        .where('key', '=', 'k-old')
        .execute();
      const res = await put(token, 'k-old', 5, 'idem-old');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['idempotent-replayed'], undefined);
      assert.equal(res.json().value, 5);
    });

    it('works for visitor creation (anonymous, per client IP)', async () => {
      const a = await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors', headers: { 'idempotency-key': 'visit-1' } });
      const b = await t.inject({ method: 'POST', url: '/v1/sites/alpha/visitors', headers: { 'idempotency-key': 'visit-1' } });
      assert.equal(a.statusCode, 201);
      assert.equal(b.statusCode, 201);
      assert.equal(b.headers['idempotent-replayed'], 'true');
      assert.equal(a.json().sub, b.json().sub);
    });
  });
}
