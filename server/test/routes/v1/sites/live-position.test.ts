// The live position of the reads widgets make on load (lib/live-position.ts): each answers with the position of
// the live stream its data reflects (Server-Timing: kith-live;desc=<id>), so the page's first stream resumes from it and an event
// published between the read and the stream is not lost. On every store leg, over a real connection for the stream.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LIVE_POSITION_METRIC } from '../../../../../src/core/live-protocol.ts';
import { ALPHA_ORIGIN, bearer, json, legs, useApp } from '../../../helpers.ts';
import { dataOf, isPosition, openStream, sleep } from '../../../live/sse.ts';

/** The answer's position (its Server-Timing entry), or undefined. */
const positionOf = (res: { headers: Record<string, unknown> }) =>
  new RegExp(`^${LIVE_POSITION_METRIC};desc=(\\d+)$`).exec(String(res.headers['server-timing'] ?? ''))?.[1];
const S = encodeURIComponent;

/** The reads a page's widgets make on load, for one subject. */
const READS: Array<[name: string, url: (subject: string) => string]> = [
  ['ratings/batch', (subject) => `ratings/batch?subject=${S(subject)}`],
  ['tags/batch', (subject) => `tags/batch?subject=${S(subject)}`],
  ['comments/counts', (subject) => `comments/counts?subject=${S(subject)}`],
  ['comments', (subject) => `comments?subject=${S(subject)}&sort=newest`],
  ['feeds/batch', (subject) => `feeds/batch?subject=${S('activity:subject=' + subject)}`],
];

for (const leg of legs()) {
  describe(`live position of the reads on load (${leg.name})`, () => {
    const t = useApp(leg);
    let base = '';
    before(async () => {
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    const read = (path: string, headers: Record<string, string> = {}) => t.inject({ url: `/v1/sites/alpha/${path}`, headers: { origin: ALPHA_ORIGIN, ...headers } });
    const vote = async (subject: string, value: number) => {
      const res = await t.inject({
        method: 'PUT',
        url: `/v1/sites/alpha/ratings/mine?subject=${S(subject)}`,
        headers: { ...json, ...bearer(await t.user(t.alpha, 'position-voter')) },
        payload: JSON.stringify({ value }),
      });
      assert.equal(res.statusCode, 200);
    };
    /** What a stream of `subject` resumed from `position` replays before it goes live. */
    const replayed = async (subject: string, position: string) => {
      const stream = await openStream(`${base}/v1/sites/alpha/live?subjects=${S(subject)}&lastEventId=${position}`);
      try {
        await stream.next(isPosition);
        return dataOf(stream.events);
      } finally {
        stream.close();
      }
    };

    for (const [name, url] of READS) {
      it(`${name}: a stream resumed from the answer's position replays what the answer did not have, and only that`, async () => {
        const subject = `position/${name}`;
        const before = await read(url(subject));
        assert.equal(before.statusCode, 200);
        const first = positionOf(before)!;
        assert.match(String(first), /^\d+$/);
        // The page's resource timing shows it to the page's live code.
        assert.equal(before.headers['timing-allow-origin'], ALPHA_ORIGIN);
        assert.equal(Number(first), await t.app.live.position());
        // Published after the read: not in its data, so the stream must bring it.
        await vote(subject, 4);
        const missed = await replayed(subject, first);
        assert.equal(missed.length, 1, JSON.stringify(missed));
        assert.equal((missed[0] as { subject: string }).subject, subject);
        // Read again after the vote: the new answer has it, and a stream from its position replays nothing.
        const after = await read(url(subject));
        const second = positionOf(after)!;
        assert.ok(Number(second) > Number(first), `${second} after ${first}`);
        assert.deepEqual(await replayed(subject, second), []);
      });
    }

    it('a 304 carries no position: the browser keeps the cached copy, whose position is its own', async () => {
      const first = await read(READS[0]![1]('position/304'));
      const etag = String(first.headers.etag);
      assert.ok(positionOf(first));
      await t.app.live.publish('alpha', 'position/elsewhere', 'comment-count', { subject: 'position/elsewhere', count: 1 });
      await sleep(1100); // past the summary memo
      const revalidated = await read(READS[0]![1]('position/304'), { 'if-none-match': etag });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(positionOf(revalidated), undefined);
    });

    it("a remembered summary answers with the position of the read that found it, not the bus's newer one", async () => {
      const first = await read('ratings/batch?subject=position%2Fmemo');
      await t.app.live.publish('alpha', 'position/elsewhere', 'comment-count', { subject: 'position/elsewhere', count: 2 });
      const again = await read('ratings/batch?subject=position%2Fmemo&subject=position%2Fmemo-new');
      assert.ok((await t.app.live.position()) > Number(positionOf(first)));
      assert.equal(positionOf(again), positionOf(first));
    });

  });
}
