// core/live.ts: one EventSource per page and prefix for every widget, through msw's SSE mock (the fake
// server's `live` route); a spy on EventSource counts the streams the page opens.
import { subscribeLive, type LiveMessage } from '../../src/core/live.js';
import { eq, ok, sleep, until } from '../support/assert.js';
import { answerFiles, fakeServer, type FakeServer } from '../support/fake-server.js';
import { loaded, mount, setup, text } from '../support/rating.js';

const RealEventSource = window.EventSource;
const opened: EventSource[] = [];
class SpyEventSource extends RealEventSource {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    opened.push(this);
  }
}

const prefixOf = (s: FakeServer) => `${location.origin}/v1/sites/${s.site}/`;
const open = () => opened.filter((source) => source.readyState != 2);
const subjectsOf = (source: EventSource) => new URL(source.url).searchParams.getAll('subjects');
/** Resolves once the page's stream of that server is connected. */
const connected = (s: FakeServer, count = 1) => until(() => s.live.length >= count && open().every((source) => source.readyState == 1), 'stream open');

describe('live stream (core/live.ts)', () => {
  before(() => (window.EventSource = SpyEventSource));
  after(() => (window.EventSource = RealEventSource));
  beforeEach(() => (opened.length = 0));

  it('opens ONE stream for 200 subscribers of one task, with every subject once, sorted', async () => {
    const s = await fakeServer();
    const got: LiveMessage[] = [];
    const stops = Array.from({ length: 200 }, (_, i) => subscribeLive(prefixOf(s), `row/${String(199 - (i % 150)).padStart(3, '0')}`, (m) => got.push(m)));
    eq(opened.length, 0, 'nothing before the task ends');
    await connected(s);
    eq(opened.length, 1);
    const subjects = subjectsOf(opened[0]!);
    eq(subjects.length, 150);
    eq(subjects, [...subjects].sort(), 'sorted: the same page makes the same URL');
    stops.forEach((stop) => stop());
    await until(() => open().length == 0, 'closed when the last subscriber leaves');
  });

  it('routes each event to the subscribers of its subject, and a reset to all', async () => {
    const s = await fakeServer();
    const a: LiveMessage[] = [];
    const b: LiveMessage[] = [];
    const b2: LiveMessage[] = [];
    const stops = [
      subscribeLive(prefixOf(s), 'a', (m) => a.push(m)),
      subscribeLive(prefixOf(s), 'b', (m) => b.push(m)),
      subscribeLive(prefixOf(s), 'b', (m) => b2.push(m)),
    ];
    await connected(s);
    const id = s.push('rating', { subject: 'b', summary: { subject: 'b', average: 4, count: 1, histogram: [0, 0, 0, 1, 0] } });
    await until(() => b.length == 1 && b2.length == 1, 'b heard it');
    eq(b[0], { id, type: 'rating', data: { subject: 'b', summary: { subject: 'b', average: 4, count: 1, histogram: [0, 0, 0, 1, 0] } } });
    eq(a.length, 0, 'a did not');
    s.push('reset', {});
    await until(() => a.length == 1 && b.length == 2 && b2.length == 2, 'everyone heard the reset');
    eq(a[0]!.type, 'reset');
    stops.forEach((stop) => stop());
  });

  it('coalesces changes made close together into one new stream, which resumes after the last event seen', async () => {
    const s = await fakeServer();
    const got: LiveMessage[] = [];
    const stopFirst = subscribeLive(prefixOf(s), 'x', (m) => got.push(m));
    await connected(s);
    const id = s.push('comment-count', { subject: 'x', count: 3 });
    await until(() => got.length == 1, 'first event');
    // Ten widgets arrive and one leaves in the same task: one reconnect.
    const stops = Array.from({ length: 10 }, (_, i) => subscribeLive(prefixOf(s), `y${i}`, () => {}));
    stopFirst();
    const later = subscribeLive(prefixOf(s), 'x', (m) => got.push(m));
    await connected(s, 2);
    await sleep(50);
    eq(opened.length, 2, 'one new stream');
    eq(open().length, 1, 'the old one is closed');
    const url = new URL(opened[1]!.url);
    eq(url.searchParams.get('lastEventId'), id);
    eq(subjectsOf(opened[1]!), ['x', ...Array.from({ length: 10 }, (_, i) => `y${i}`)]);
    stops.forEach((stop) => stop());
    later();
    await until(() => open().length == 0, 'closed');
  });

  it('an unsubscribe and a subscribe of the same subjects close together keep the stream', async () => {
    const s = await fakeServer();
    const stop = subscribeLive(prefixOf(s), 'keep', () => {});
    await connected(s);
    stop();
    const again = subscribeLive(prefixOf(s), 'keep', () => {});
    await sleep(250);
    eq(opened.length, 1);
    eq(open().length, 1);
    again();
    stop(); // twice: nothing happens
    await until(() => open().length == 0, 'closed');
  });

  it("the page's first stream resumes from the oldest live position among the page's reads of that site", async () => {
    const s = await fakeServer();
    const other = await fakeServer();
    // What the server's reads answer with: their position in a Server-Timing entry (server/src/lib/live-position.ts).
    const answer = (timing?: string) => () =>
      new Response('{"items":[]}', { headers: { 'content-type': 'application/json', ...(timing ? { 'server-timing': timing } : {}) } });
    answerFiles(`${prefixOf(s)}read-a`, answer('kith-live;desc=41'));
    answerFiles(`${prefixOf(s)}read-b`, answer('db;dur=2, kith-live;desc=37'));
    answerFiles(`${prefixOf(s)}read-c`, answer());
    answerFiles(`${prefixOf(other)}read-d`, answer('kith-live;desc=5'));
    for (const url of [`${prefixOf(s)}read-a`, `${prefixOf(s)}read-b`, `${prefixOf(s)}read-c`, `${prefixOf(other)}read-d`]) await (await fetch(url)).json();
    const stop = subscribeLive(prefixOf(s), 'resumed', () => {});
    await connected(s);
    eq(new URL(opened[0]!.url).searchParams.get('lastEventId'), '37', 'the oldest of its own site, not the other site\'s');
    stop();
    await until(() => open().length == 0, 'closed');
  });

  it("a `position` event goes to no widget, and a new stream resumes from it", async () => {
    const s = await fakeServer();
    const got: LiveMessage[] = [];
    const stopFirst = subscribeLive(prefixOf(s), 'quiet', (m) => got.push(m));
    await connected(s);
    const id = s.push('position', {});
    await sleep(50);
    const stopSecond = subscribeLive(prefixOf(s), 'added', () => {});
    await connected(s, 2);
    eq(got, [], 'no widget heard it');
    eq(new URL(opened[1]!.url).searchParams.get('lastEventId'), id);
    stopFirst();
    stopSecond();
    await until(() => open().length == 0, 'closed');
  });

  it('one stream per prefix', async () => {
    const [s1, s2] = [await fakeServer(), await fakeServer()];
    const stops = [subscribeLive(prefixOf(s1), 'p', () => {}), subscribeLive(prefixOf(s2), 'p', () => {}), subscribeLive(prefixOf(s1), 'q', () => {})];
    await until(() => s1.live.length == 1 && s2.live.length == 1, 'two streams');
    eq(opened.length, 2);
    stops.forEach((stop) => stop());
  });
});

describe('<kith-rating> live', () => {
  before(() => (window.EventSource = SpyEventSource));
  after(() => (window.EventSource = RealEventSource));
  beforeEach(() => (opened.length = 0));

  it('shows a new summary from the stream without announcing it', async () => {
    const s = await setup();
    s.seed('live/1', [0, 0, 0, 1, 0]);
    const el = await mount('live/1');
    await loaded(el);
    await connected(s);
    const status = el.shadowRoot!.querySelector('[role=status]')!.textContent;
    s.seed('live/1', [0, 0, 0, 1, 1]);
    s.push('rating', { subject: 'live/1', summary: s.summary('live/1') });
    await until(() => text(el, 'count') == '4.5 · 2 ratings', 'the new count');
    eq(el.shadowRoot!.querySelector('[role=status]')!.textContent, status, 'the live region did not change');
  });

  it('many ratings share one stream; removing them closes it', async () => {
    const s = await setup();
    const els = await Promise.all(Array.from({ length: 20 }, (_, i) => mount(`many/${i}`, { variant: 'inline' })));
    await Promise.all(els.map(loaded));
    await connected(s);
    await sleep(50);
    eq(opened.length, 1);
    eq(subjectsOf(opened[0]!).length, 20);
    els.forEach((el) => el.remove());
    await until(() => open().length == 0, 'closed');
  });

  it('no-live: no stream', async () => {
    await setup();
    const el = await mount('quiet/1', { 'no-live': '' });
    await loaded(el);
    await sleep(100);
    eq(opened.length, 0);
  });

  it("keeps the visitor's own pending vote on screen over a live summary", async () => {
    const s = await setup();
    s.seed('own/1', [0, 0, 1, 0, 0]);
    s.latency = 400;
    const el = await mount('own/1');
    await loaded(el);
    await connected(s);
    el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=star]')[4]!.click();
    await until(() => text(el, 'count') == '4 · 2 ratings', 'optimistic');
    // Someone else's vote, announced before the server answered ours.
    s.push('rating', { subject: 'own/1', summary: { subject: 'own/1', average: 2, count: 2, histogram: [1, 0, 1, 0, 0] } });
    await sleep(100);
    eq(text(el, 'count'), '4 · 2 ratings', 'the optimistic display stays');
    await until(() => el.matches(':state(loaded)') && !el.matches(':state(pending)'), 'saved');
    ok(text(el, 'count').endsWith('ratings'));
  });

  it('a reset reads the summary again', async () => {
    const s = await setup();
    s.seed('reset/1', [1, 0, 0, 0, 0]);
    const el = await mount('reset/1');
    await loaded(el);
    await connected(s);
    s.seed('reset/1', [1, 0, 0, 0, 2]);
    s.push('reset', {});
    await until(() => text(el, 'count') == '3.7 · 3 ratings', 'the summary read again');
  });
});
