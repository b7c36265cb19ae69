// DELETE …/ratings/mine where the caller has no vote: 200 with value null, and nothing stored, so repeating
// it for new subjects cannot grow any table. With an Idempotency-Key only the key's own row is kept (that is
// what a replay answers from, for 24 hours), and the replay still works.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { bearer, json, legs, useApp, type TestApp } from '../../../helpers.ts';

/** Rows per table, every table of the store's schema (whatever later migrations add). */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const schema =
    t.store.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(t.store.db)).rows[0]!.schema : undefined;
  const tables = (await t.store.db.introspection.getTables())
    .filter((table) => table.schema === schema)
    .map((table) => table.name);
  const counts: Record<string, number> = {};
  for (const name of tables.sort()) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(t.store.db);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}

for (const leg of legs()) {
  describe(`DELETE …/ratings/mine without a vote (${leg.name})`, () => {
    const t = useApp(leg);
    const url = (subject: string) => `/v1/sites/alpha/ratings/mine?subject=${encodeURIComponent(subject)}`;
    const retract = async (token: string, subject: string, headers: Record<string, string> = {}) =>
      t.inject({ method: 'DELETE', url: url(subject), headers: { ...bearer(token), ...headers } });

    it('stores nothing, for users and guests, on any number of new subjects', async () => {
      const tokens = [await t.user(t.alpha, 'retract-user'), await t.guest(t.alpha)];
      const before = await rowCounts(t);
      assert.ok('rating_votes' in before && 'rating_aggregates' in before, Object.keys(before).join());
      for (const token of tokens) {
        for (let i = 0; i < 20; i++) {
          const res = await retract(token, `never-rated/${i}`);
          assert.equal(res.statusCode, 200, res.body);
          assert.deepEqual(res.json(), { subject: `never-rated/${i}`, value: null, summary: { subject: `never-rated/${i}`, average: 0, count: 0, histogram: [0, 0, 0, 0, 0] } });
        }
      }
      assert.deepEqual(await rowCounts(t), before);
    });

    it('on a subject others rated, answers its summary and leaves their votes alone', async () => {
      const voter = await t.user(t.alpha, 'retract-voter');
      const put = await t.inject({ method: 'PUT', url: url('rated'), headers: { ...json, ...bearer(voter) }, payload: '{"value":4}' });
      assert.equal(put.statusCode, 200);
      const before = await rowCounts(t);
      const res = await retract(await t.user(t.alpha, 'retract-bystander'), 'rated');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { subject: 'rated', value: null, summary: { subject: 'rated', average: 4, count: 1, histogram: [0, 0, 0, 1, 0] } });
      assert.deepEqual(await rowCounts(t), before);
    });

    it('with an Idempotency-Key keeps only the key, and replays the first answer', async () => {
      const token = await t.user(t.alpha, 'retract-keyed');
      const before = await rowCounts(t);
      const first = await retract(token, 'keyed', { 'idempotency-key': 'retract-1' });
      assert.equal(first.statusCode, 200);
      const again = await retract(token, 'keyed', { 'idempotency-key': 'retract-1' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      assert.deepEqual(await rowCounts(t), { ...before, idempotency_keys: before.idempotency_keys! + 1 });
      const reused = await t.inject({ method: 'PUT', url: url('keyed'), headers: { ...json, ...bearer(token), 'idempotency-key': 'retract-1' }, payload: '{"value":2}' });
      assert.equal(reused.statusCode, 422);
    });

    it('still retracts a vote that exists, once, and replays that', async () => {
      const token = await t.user(t.alpha, 'retract-real');
      await t.inject({ method: 'PUT', url: url('real'), headers: { ...json, ...bearer(token) }, payload: '{"value":5}' });
      const first = await retract(token, 'real', { 'idempotency-key': 'retract-real-1' });
      assert.deepEqual(first.json(), { subject: 'real', value: null, summary: { subject: 'real', average: 0, count: 0, histogram: [0, 0, 0, 0, 0] } });
      const again = await retract(token, 'real', { 'idempotency-key': 'retract-real-1' });
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      const mine = await t.inject({ url: url('real'), headers: bearer(token) });
      assert.deepEqual(mine.json(), { subject: 'real', value: null });
    });
  });
}
