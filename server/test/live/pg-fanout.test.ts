// Two instances on one PostgreSQL database: an event published on A reaches a stream on B (LISTEN/NOTIFY),
// and B's LISTEN connection comes back after it is killed and catches up on what it missed meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { createDb, dropSchema, randomSchemaName, type Store } from '../../src/db/index.ts';
import { PgBus } from '../../src/live/pg-bus.ts';
import { createSite } from '../../src/services/sites.ts';
import { PG_SKIP_REASON, testConfig } from '../helpers.ts';
import { dataOf, named, openStream, sleep } from './sse.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

describe('live events across instances (postgres)', { skip: pgUrl ? false : PG_SKIP_REASON }, () => {
  const schema = randomSchemaName();
  let storeA: Store;
  let storeB: Store;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let baseB = '';

  before(async () => {
    storeA = await createDb(pgUrl!, { schema });
    storeB = await createDb(pgUrl!, { schema });
    await createSite(storeA.db, { id: 'alpha', name: 'Alpha', origins: ['*'] });
    a = await buildApp(testConfig(), { store: storeA });
    b = await buildApp(testConfig(), { store: storeB });
    baseB = await b.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await storeA?.close();
    await storeB?.close();
    await dropSchema(pgUrl!, schema);
  });

  it('an event published on instance A reaches a stream on instance B', async () => {
    const stream = await openStream(`${baseB}/v1/sites/alpha/live?subjects=across`);
    try {
      await stream.next((e) => e.retry !== undefined);
      await a.live.publish('alpha', 'across', 'comment-count', { subject: 'across', count: 7 });
      const event = await stream.next(named, 2000);
      assert.deepEqual(JSON.parse(event.data!), { subject: 'across', count: 7 });
    } finally {
      stream.close();
    }
  });

  it("B's LISTEN connection recovers after it is killed and catches up on the events published meanwhile", async () => {
    const stream = await openStream(`${baseB}/v1/sites/alpha/live?subjects=recover`);
    const busB = b.live as PgBus;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await stream.next((e) => e.retry !== undefined);
      const pid = busB.listenerPid;
      assert.ok(pid, 'B listens');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      // Published while B is not listening: no notification reaches B for these.
      await a.live.publish('alpha', 'recover', 'comment-count', { subject: 'recover', count: 1 });
      await a.live.publish('alpha', 'recover', 'comment-count', { subject: 'recover', count: 2 });
      await stream.next(named, 5000);
      await stream.next(named, 5000);
      await busB.whenListening();
      assert.notEqual(busB.listenerPid, pid, 'a new connection');
      await a.live.publish('alpha', 'recover', 'comment-count', { subject: 'recover', count: 3 });
      await stream.next(named, 2000);
      await sleep(100);
      assert.deepEqual(dataOf(stream.events), [
        { subject: 'recover', count: 1 },
        { subject: 'recover', count: 2 },
        { subject: 'recover', count: 3 },
      ]);
    } finally {
      stream.close();
      await admin.end();
    }
  });

  it("A's own listeners hear its events once, though NOTIFY brings them back", async () => {
    const heard: number[] = [];
    const off = a.live.subscribe((e) => heard.push(e.id));
    await a.live.publish('alpha', 'once', 'comment-count', { subject: 'once', count: 1 });
    await sleep(200);
    off();
    assert.equal(heard.length, 1);
  });
});
