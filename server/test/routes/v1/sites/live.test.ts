// GET /v1/sites/:site/live: the SSE stream, read over a real connection, on every store leg.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { StoreBus, toEvent } from '../../../../src/live/store-bus.ts';
import { LIVE_MAX_SUBJECTS } from '../../../../src/routes/v1/sites/live.ts';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../../../helpers.ts';
import { dataOf, isPosition, named, openStream, sleep } from '../../../live/sse.ts';

const query = (subjects: string[], extra = '') => `?${subjects.map((s) => `subjects=${encodeURIComponent(s)}`).join('&')}${extra}`;

for (const leg of legs()) {
  describe(`live stream (${leg.name})`, () => {
    const t = useApp(leg, { LIVE_HEARTBEAT_MS: '1000', LIVE_STREAMS_PER_IP: '5' });
    let base = '';
    before(async () => {
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    const url = (subjects: string[], extra = '', site = 'alpha') => `${base}/v1/sites/${site}/live${query(subjects, extra)}`;

    it('answers with an uncompressed, unbuffered, uncached event stream that says how to reconnect', async () => {
      const stream = await openStream(url(['h1']), { 'accept-encoding': 'gzip, br', origin: ALPHA_ORIGIN });
      try {
        assert.equal(stream.status, 200);
        assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
        assert.equal(stream.headers.get('cache-control'), 'no-store');
        assert.equal(stream.headers.get('x-accel-buffering'), 'no');
        assert.equal(stream.headers.get('content-encoding'), null);
        assert.equal(stream.headers.get('access-control-allow-origin'), ALPHA_ORIGIN);
        assert.equal((await stream.next((e) => e.retry !== undefined)).retry, '3000');
      } finally {
        stream.close();
      }
    });

    it('says where it stands once live and then as its heartbeat: a position a new stream resumes from without a gap', async () => {
      await t.app.live.publish('alpha', 'elsewhere', 'comment-count', { subject: 'elsewhere', count: 1 });
      const stream = await openStream(url(['quiet']));
      try {
        // Once live: the newest event of the site's bus, though none was this stream's.
        const first = await stream.next(isPosition);
        assert.equal(Number(first.id), await t.app.live.position());
        assert.deepEqual(JSON.parse(first.data!), {});
        // An event published after it, on another subject, moves the next heartbeat's position.
        await t.app.live.publish('alpha', 'elsewhere', 'comment-count', { subject: 'elsewhere', count: 2 });
        const heartbeat = await stream.next(isPosition, 2500);
        assert.ok(Number(heartbeat.id) > Number(first.id), `${heartbeat.id} after ${first.id}`);
        // An event of this stream's subject published while it was away comes with a stream that resumes from there.
        stream.close();
        await t.app.live.publish('alpha', 'quiet', 'comment-count', { subject: 'quiet', count: 7 });
        const next = await openStream(url(['quiet', 'other'], `&lastEventId=${heartbeat.id}`));
        try {
          assert.deepEqual(JSON.parse((await next.next()).data!), { subject: 'quiet', count: 7 });
        } finally {
          next.close();
        }
      } finally {
        stream.close();
      }
    });

    it('carries the events of its subjects on its site only, with ids', async () => {
      const stream = await openStream(url(['f1', 'f2']));
      try {
        await stream.next((e) => e.retry !== undefined);
        await t.app.live.publish('alpha', 'f3', 'comment-count', { subject: 'f3', count: 1 });
        await t.app.live.publish('beta', 'f1', 'comment-count', { subject: 'f1', count: 2 });
        await t.app.live.publish('alpha', 'f1', 'comment-count', { subject: 'f1', count: 3 });
        await t.app.live.publish('alpha', 'f2', 'comment-vote', { subject: 'f2', id: 'c1', up: 1, down: 0 });
        const first = await stream.next(named);
        const second = await stream.next(named);
        assert.equal(first.event, 'comment-count');
        assert.deepEqual(JSON.parse(first.data!), { subject: 'f1', count: 3 });
        assert.equal(second.event, 'comment-vote');
        assert.ok(Number(second.id) > Number(first.id));
        await sleep(50);
        assert.equal(stream.events.filter(named).length, 2, 'nothing of another subject or site');
      } finally {
        stream.close();
      }
    });

    it('a rating vote sends the new summary; its idempotent replay does not send it again', async () => {
      const stream = await openStream(url(['rated']));
      try {
        await stream.next((e) => e.retry !== undefined);
        const token = await t.user(t.alpha, 'live-voter');
        const vote = () =>
          t.inject({
            method: 'PUT',
            url: '/v1/sites/alpha/ratings/mine?subject=rated',
            headers: { ...bearer(token), ...json, 'idempotency-key': 'live-vote-1' },
            payload: { value: 4 },
          });
        assert.equal((await vote()).statusCode, 200);
        const replay = await vote();
        assert.equal(replay.headers['idempotent-replayed'], 'true');
        const event = await stream.next(named);
        assert.equal(event.event, 'rating');
        assert.deepEqual(JSON.parse(event.data!), { subject: 'rated', summary: { subject: 'rated', average: 4, count: 1, histogram: [0, 0, 0, 1, 0] } });
        await sleep(100);
        assert.equal(stream.events.filter(named).length, 1, 'the replay published nothing');
      } finally {
        stream.close();
      }
    });

    it('resumes after a dropped connection with Last-Event-ID: the missed events once, then live ones', async () => {
      const first = await openStream(url(['r1', 'r2']));
      await t.app.live.publish('alpha', 'r1', 'comment-count', { subject: 'r1', count: 1 });
      const seen = await first.next(named);
      first.close();
      await first.ended;
      // Published while the page was away.
      await t.app.live.publish('alpha', 'r1', 'comment-count', { subject: 'r1', count: 2 });
      await t.app.live.publish('alpha', 'other', 'comment-count', { subject: 'other', count: 9 });
      await t.app.live.publish('alpha', 'r2', 'comment-count', { subject: 'r2', count: 3 });
      const again = await openStream(url(['r1', 'r2']), { 'last-event-id': seen.id! });
      try {
        await again.next(named);
        await again.next(named);
        await t.app.live.publish('alpha', 'r1', 'comment-count', { subject: 'r1', count: 4 });
        await again.next(named);
        await sleep(50);
        assert.deepEqual(dataOf(again.events), [
          { subject: 'r1', count: 2 },
          { subject: 'r2', count: 3 },
          { subject: 'r1', count: 4 },
        ]);
      } finally {
        again.close();
      }
    });

    it('?lastEventId= resumes the same way (a stream opened because the subjects changed)', async () => {
      const probe = await openStream(url(['q1']));
      await t.app.live.publish('alpha', 'q1', 'comment-count', { subject: 'q1', count: 1 });
      const seen = await probe.next(named);
      probe.close();
      await t.app.live.publish('alpha', 'q1', 'comment-count', { subject: 'q1', count: 2 });
      const stream = await openStream(url(['q1', 'q2'], `&lastEventId=${seen.id}`));
      try {
        assert.deepEqual(JSON.parse((await stream.next(named)).data!), { subject: 'q1', count: 2 });
      } finally {
        stream.close();
      }
    });

    it('misses nothing and repeats nothing when events are published while it resumes', async () => {
      const probe = await openStream(url(['race']));
      await t.app.live.publish('alpha', 'race', 'comment-count', { subject: 'race', count: 0 });
      const start = await probe.next(named);
      probe.close();
      let publishing = true;
      let count = 0;
      const publisher = (async () => {
        // SQLite answers without I/O: let timers and sockets run between writes, as requests would.
        while (publishing) {
          await t.app.live.publish('alpha', 'race', 'comment-count', { subject: 'race', count: ++count });
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await sleep(20);
      const stream = await openStream(url(['race']), { 'last-event-id': start.id! });
      await sleep(100);
      publishing = false;
      await publisher;
      try {
        await stream.next((e) => named(e) && JSON.parse(e.data!).count === count);
        const counts = dataOf(stream.events).map((d) => (d as { count: number }).count);
        assert.deepEqual(counts, Array.from({ length: count }, (_, i) => i + 1), `got ${counts.length} of ${count} in order, once each`);
        const ids = stream.events.filter(named).map((e) => Number(e.id));
        assert.equal(new Set(ids).size, ids.length);
      } finally {
        stream.close();
      }
    });

    it('sends an event once when the bus hands it over after the backlog already had it', async () => {
      // An event committed before the stream read its backlog, whose publisher had not yet heard back from the
      // database (so the bus had not delivered it): the backlog has it, and then the bus hands it over live.
      const probe = await openStream(url(['late']));
      await t.app.live.publish('alpha', 'late', 'comment-count', { subject: 'late', count: 1 });
      const start = await probe.next(named);
      probe.close();
      const bus = t.app.live as StoreBus;
      const row = await bus.store.db
        .insertInto('live_events')
        .values({ site_id: 'alpha', subject: 'late', type: 'comment-count', data: JSON.stringify({ subject: 'late', count: 2 }), created_at: new Date().toISOString() })
        .returning(['id', 'site_id', 'subject', 'type', 'data', 'created_at'])
        .executeTakeFirstOrThrow();
      const stream = await openStream(url(['late']), { 'last-event-id': start.id! });
      try {
        assert.equal(Number((await stream.next(named)).id), Number(row.id));
        await stream.next(isPosition);
        bus.deliver(toEvent(row));
        await t.app.live.publish('alpha', 'late', 'comment-count', { subject: 'late', count: 3 });
        await stream.next((e) => named(e) && JSON.parse(e.data!).count === 3);
        assert.deepEqual(dataOf(stream.events), [
          { subject: 'late', count: 2 },
          { subject: 'late', count: 3 },
        ]);
      } finally {
        stream.close();
      }
    });

    it('says reset when the resume point is older than the retention window', async () => {
      const probe = await openStream(url(['old']));
      await t.app.live.publish('alpha', 'old', 'comment-count', { subject: 'old', count: 1 });
      const seen = await probe.next(named);
      probe.close();
      await t.app.live.publish('alpha', 'old', 'comment-count', { subject: 'old', count: 2 });
      await t.app.live.publish('alpha', 'old', 'comment-count', { subject: 'old', count: 3 });
      await (t.app.live as StoreBus).prune(Date.now() + 24 * 3600_000);
      const stream = await openStream(url(['old']), { 'last-event-id': String(Number(seen.id) - 1) });
      try {
        const reset = await stream.next(named);
        assert.equal(reset.event, 'reset');
        assert.deepEqual(JSON.parse(reset.data!), {});
        assert.ok(Number(reset.id) >= Number(seen.id), 'the reset carries the id to resume from next time');
        // Garbage in Last-Event-ID: the client cannot know what it missed either.
        const garbage = await openStream(url(['old']), { 'last-event-id': 'x1' });
        assert.equal((await garbage.next(named)).event, 'reset');
        garbage.close();
      } finally {
        stream.close();
      }
    });

    it('refuses bad input with a 400 in the error shape', async () => {
      const cases = [
        '/v1/sites/alpha/live',
        `/v1/sites/alpha/live${query(Array.from({ length: LIVE_MAX_SUBJECTS + 1 }, (_, i) => `s${i}`))}`,
        `/v1/sites/alpha/live${query(['x'.repeat(513)])}`,
        `/v1/sites/alpha/live${query(['\u00e9'.repeat(400) + 'x'.repeat(200)])}`,
        `/v1/sites/alpha/live${query([''])}`,
        `/v1/sites/alpha/live${query(['a'], '&lastEventId=abc')}`,
        `/v1/sites/alpha/live${query(['a'], '&other=1')}`,
      ];
      for (const path of cases) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, 400, path.slice(0, 80));
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'validation_failed');
      }
      const oversize = await (await fetch(`${base}/v1/sites/alpha/live${query(['\u00e9'.repeat(400) + 'x'.repeat(300)])}`)).json();
      assert.equal((oversize as { error: { details: Array<{ path: string }> } }).error.details[0]!.path, 'querystring/subjects/0');
      assert.equal((await fetch(url(['a'], '', 'nosuch'))).status, 404);
      for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
        const other = await fetch(url(['a']), { method });
        assert.equal(other.status, 404, method);
        if (method !== 'HEAD') assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'not_found');
      }
      const foreign = await fetch(url(['a']), { headers: { origin: 'https://evil.test' } });
      assert.equal(foreign.status, 403);
      assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
    });

    it('accepts 200 subjects', async () => {
      const stream = await openStream(url(Array.from({ length: LIVE_MAX_SUBJECTS }, (_, i) => `many-${i}`)));
      try {
        assert.equal(stream.status, 200);
        await t.app.live.publish('alpha', 'many-199', 'comment-count', { subject: 'many-199', count: 1 });
        assert.equal((await stream.next(named)).event, 'comment-count');
      } finally {
        stream.close();
      }
    });

    it('limits the streams one address holds open (429), and frees a place when one closes', async () => {
      const open = [];
      for (let i = 0; i < 5; i++) open.push(await openStream(url([`limit-${i}`])));
      const refused = await fetch(url(['limit-x']));
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'too_many_streams');
      assert.ok(refused.headers.get('retry-after'));
      open.pop()!.close();
      await sleep(100);
      const again = await openStream(url(['limit-y']));
      assert.equal(again.status, 200);
      again.close();
      for (const s of open) s.close();
      await sleep(100);
    });
  });

  describe(`live stream and the server's timeouts (${leg.name})`, () => {
    const t = useApp(leg, { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1000', KEEP_ALIVE_TIMEOUT_MS: '1000', LIVE_HEARTBEAT_MS: '1000' });

    it('stays open past the request and keep-alive timeouts (they are about requests, not a response)', async () => {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const stream = await openStream(`${base}/v1/sites/alpha/live?subjects=long`);
      let ended = false;
      void stream.ended.then(() => (ended = true));
      try {
        await sleep(3500);
        assert.equal(ended, false);
        assert.ok(stream.events.filter(isPosition).length >= 2, 'heartbeats');
        await t.app.live.publish('alpha', 'long', 'comment-count', { subject: 'long', count: 1 });
        assert.equal((await stream.next(named)).event, 'comment-count');
      } finally {
        stream.close();
      }
    });
  });

  describe(`live stream and server close (${leg.name})`, () => {
    const t = useApp(leg);

    it('ends open streams when the app closes, and the close does not wait for them', async () => {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const stream = await openStream(`${base}/v1/sites/alpha/live?subjects=closing`);
      await stream.next((e) => e.retry !== undefined);
      const started = Date.now();
      await t.app.close();
      await stream.ended;
      assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms`);
    });
  });
}
