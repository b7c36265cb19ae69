// <kith-feed> in Chromium with msw: items (title link, date, author, summary from the tree, enclosure), limit, one
// batch request for a page's feeds, the compact layout in a 120 px cell, every state (loading, empty, error with
// Retry only where it helps, not set up, stale, the saved copy offline), Kith's activity worded in the reader's
// language and followed live, and the look (dark, forced colors, right to left, 320 px at 20 px, 12 px).
import { setViewport } from '@web/test-runner-commands';
import { configure } from '../../src/core/config.js';
import { formatNumber } from '../../src/core/strings.js';
import { axe, eq, ok, sleep, until } from '../support/assert.js';
import { emulateMedia, resetMedia } from '../support/media.js';
import { $, $$, clean, message, mount, sampleFeed, setup, state, titles } from '../support/feeds.js';
import type { ActivityFacts } from '../../src/core/feed-document.js';

const URL_A = 'https://news.example/a.xml';
const URL_B = 'https://news.example/b.xml';

/** A box of `style` holding a feed with `attrs`. */
const boxed = async (style: string, attrs: Record<string, string>) => {
  const box = document.createElement('div');
  box.className = 'test-box';
  box.style.cssText = style;
  document.body.append(box);
  const el = await mount(attrs, box);
  return { box, el };
};

const events = (el: Element, name: string): any[] => {
  const got: any[] = [];
  el.addEventListener(name, (event) => got.push((event as CustomEvent).detail));
  return got;
};

describe('<kith-feed>', () => {
  afterEach(async () => {
    await resetMedia();
    await setViewport({ width: 800, height: 600 });
    document.querySelectorAll('.test-box, kith-feed').forEach((node) => node.remove());
  });

  it('shows each item: its title as a link, its date, author, summary and enclosure; the feed\'s title; `limit`', async () => {
    const { feeds } = await setup();
    const feed = sampleFeed(5);
    feed.items[0]!.enclosures = [{ url: 'https://news.example/ep1.mp3', type: 'audio/mpeg', length: 48_234_567 }];
    feed.items[1]!.published = '2026-01-15T10:00:00Z';
    feed.items[2]!.summary = { type: 'root', children: [{ type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: 'bold' }] }] }] }] }] };
    feeds.set(URL_A, feed);
    const el = await mount({ src: URL_A, limit: '3' });
    await state(el, 'loaded');
    eq(titles(el), ['Item 1', 'Item 2', 'Item 3']);
    const first = $$(el, '[part=item]')[0]!;
    const link = first.querySelector('a.title') as HTMLAnchorElement;
    eq(link.href, 'https://barista.example/news/1');
    eq(link.target, '_blank');
    eq(link.rel, 'noopener noreferrer');
    eq(clean(first.querySelector('.meta')!.textContent), '1 hour ago by Mara Feld');
    eq(first.querySelector('time')!.getAttribute('datetime'), feed.items[0]!.published);
    ok(/\d{4}/.test(first.querySelector('time')!.title), 'the exact time as its tooltip');
    eq(clean($$(el, '[part=item]')[1]!.querySelector('time')!.textContent), 'Jan 15, 2026', 'older than a week: its date');
    eq(clean(first.querySelector('.summary')!.textContent), 'Summary of item 1.');
    eq(clean(first.querySelector('.enclosures a')!.textContent), 'Audio, 48.2 MB');
    eq((first.querySelector('.enclosures a') as HTMLAnchorElement).href, 'https://news.example/ep1.mp3');
    ok($$(el, '[part=item]')[2]!.querySelector('.summary ul strong'), 'the tree, as HTML elements');
    eq(clean($(el, '[part=header]').textContent), 'Barista news');
    eq($(el, '[part=feed]').getAttribute('aria-label'), 'Barista news', 'a card is a region named by its title');
    eq($(el, '[part=items]').getAttribute('aria-label'), null);
    await axe(el);
  });

  it('reads every feed of a page in one request, a feed shown twice once, and a relative src against the page', async () => {
    const { server, feeds } = await setup();
    const relative = new URL('/feeds/local.xml', document.baseURI).href;
    for (const key of [URL_A, URL_B, relative, 'activity:subject=product/1', 'activity']) feeds.set(key, sampleFeed(1));
    const box = document.createElement('div');
    box.className = 'test-box';
    box.innerHTML = `<kith-feed src="${URL_A}"></kith-feed><kith-feed src="${URL_A}" layout="compact"></kith-feed><kith-feed src="${URL_B}"></kith-feed><kith-feed src="/feeds/local.xml"></kith-feed><kith-feed subject="product/1"></kith-feed><kith-feed activity></kith-feed>`;
    document.body.append(box);
    const all = [...box.querySelectorAll('kith-feed')];
    await until(() => all.every((el) => el.matches(':state(loaded)')), 'all loaded');
    const reads = server.log.filter((l) => l.path == 'feeds/batch');
    eq(reads.length, 1, 'one request');
    eq(reads[0]!.subjects.sort(), [URL_A, URL_B, relative, 'activity:subject=product/1', 'activity'].sort());
  });

  it('the loader starts that request from the tags as written, with the keys the widgets ask for: they take its answer', async () => {
    const { server, feeds } = await setup();
    const { prefetch } = await import('../../src/loader/prefetch.js');
    const { registry } = await import('../../src/core/config.js');
    const relative = new URL('/feeds/local.xml', document.baseURI).href;
    const keys = [URL_A, relative, 'activity:subject=product/1', 'activity:tag=crm', 'activity'];
    for (const key of keys) feeds.set(key, sampleFeed(1));
    const box = document.createElement('div');
    box.className = 'test-box';
    box.innerHTML = `<kith-feed src=" ${URL_A} "></kith-feed><kith-feed src="/feeds/local.xml" layout="compact"></kith-feed><kith-feed subject="product/1"></kith-feed><kith-feed tag="crm"></kith-feed><kith-feed activity></kith-feed><kith-feed></kith-feed>`;
    document.body.append(box);
    registry().readsStarted = false;
    prefetch();
    const all = [...box.querySelectorAll('kith-feed')].slice(0, 5);
    await until(() => all.every((el) => el.matches(':state(loaded)')), 'all loaded');
    await sleep(100);
    const reads = server.log.filter((l) => l.path == 'feeds/batch');
    eq(reads.length, 1, 'one request: the widgets took the loader\'s answer');
    eq(reads[0]!.subjects.sort(), [...keys].sort());
    ok(!server.log.some((l) => l.path == 'policy'), 'a page of feeds reads no policy');
    registry().prefetched?.clear();
  });

  it('an older item\'s date stays a date on a page that also writes numbers (a rating\'s average)', async () => {
    // Each kind of Intl object is kept apart: the feed's date format and the numbers' format, both made for en-GB
    // here (a language no other test uses, so neither was made before), in either order.
    const { feeds } = await setup({ lang: 'en-GB' });
    eq(formatNumber('en-GB', 4.25), '4.3', 'a number first');
    const feed = sampleFeed(2);
    feed.items[1]!.published = '2026-01-15T10:00:00Z';
    feeds.set(URL_A, feed);
    const el = await mount({ src: URL_A });
    await state(el, 'loaded');
    eq(clean($$(el, '[part=item]')[1]!.querySelector('time')!.textContent), '15 Jan 2026', 'then a date');
    eq(formatNumber('en-GB', 1.75), '1.8', 'and a number again');
  });

  it('compact: one line per item in a 120 px table cell at 13 px (nowrap, as CRM cells often are), the whole title as its tooltip', async () => {
    const { feeds } = await setup();
    feeds.set(URL_A, sampleFeed(1, Date.now() - 7_200_000, { items: [{ ...sampleFeed(1).items[0]!, title: 'A rather long title that cannot fit in a cell' }] }));
    const { box, el } = await boxed('width: 120px; font-size: 13px; font-family: sans-serif; line-height: 1.3; white-space: nowrap', { src: URL_A, layout: 'compact', limit: '1' });
    await state(el, 'loaded');
    ok(el.getBoundingClientRect().height <= 13 * 1.6, `one line: ${el.getBoundingClientRect().height}`);
    ok(box.scrollWidth <= 120, `nothing overflows the cell: ${box.scrollWidth}`);
    const title = $(el, '.title');
    eq(title.getAttribute('title'), 'A rather long title that cannot fit in a cell');
    ok(title.scrollHeight > title.clientHeight, 'the title is cut short: one line of it shows, with an ellipsis');
    ok(!$(el, '[part=header]') && !$(el, '.summary'), 'no header, no summary');
    ok(!$(el, '[part=feed]').hasAttribute('aria-label'), 'a compact feed is no landmark (a table of them would be a landmark per row)');
    eq($(el, '[part=items]').getAttribute('aria-label'), 'Barista news', 'its list is named instead');
    await axe(el);
  });

  it('compact: a column sized by its content (a 1fr grid track, an auto-layout table) does not grow to the whole title', async () => {
    const { feeds } = await setup();
    const long = 'A rather long title that could never fit in the column of a table or a grid track of this page at all';
    feeds.set(URL_A, sampleFeed(1, Date.now() - 7_200_000, { items: [{ ...sampleFeed(1).items[0]!, title: long }] }));
    const grid = Object.assign(document.createElement('div'), { className: 'test-box' });
    grid.style.cssText = 'display: grid; grid-template-columns: 1fr 1fr; width: 400px; font: 13px sans-serif';
    grid.append(document.createElement('div'));
    grid.append(document.createElement('div'));
    document.body.append(grid);
    const inGrid = await mount({ src: URL_A, layout: 'compact', limit: '1' }, grid.firstElementChild as HTMLElement);
    const table = Object.assign(document.createElement('table'), { className: 'test-box' });
    table.style.cssText = 'width: 400px; font: 13px sans-serif';
    table.innerHTML = '<tr><td>Account name</td><td>Owner</td><td></td></tr>';
    document.body.append(table);
    const inTable = await mount({ src: URL_A, layout: 'compact', limit: '1' }, table.querySelector('td:last-child')!);
    await state(inGrid, 'loaded');
    await state(inTable, 'loaded');
    ok(inGrid.getBoundingClientRect().width <= 200, `the grid track keeps its half: ${inGrid.getBoundingClientRect().width}`);
    ok(table.getBoundingClientRect().width <= 400, `the table keeps its width: ${table.getBoundingClientRect().width}`);
    ok(inTable.getBoundingClientRect().width >= 150, `the feed's column takes the room the others leave: ${inTable.getBoundingClientRect().width}`);
    for (const el of [inGrid, inTable]) ok(el.getBoundingClientRect().height <= 13 * 1.6 + 8, `one line: ${el.getBoundingClientRect().height}`);
    grid.remove();
    table.remove();
  });

  it('an item without a title (a microblog post) shows its text, with its date as the link', async () => {
    const { feeds } = await setup();
    const feed = sampleFeed(1);
    feed.items[0]!.title = '';
    feeds.set(URL_A, feed);
    const el = await mount({ src: URL_A });
    await state(el, 'loaded');
    const item = $$(el, '[part=item]')[0]!;
    eq((item.querySelector('.meta a') as HTMLAnchorElement).href, 'https://barista.example/news/1');
    eq(clean(item.querySelector('.summary')!.textContent), 'Summary of item 1.');
    const compact = await mount({ src: URL_A, layout: 'compact' });
    await state(compact, 'loaded');
    eq(clean($(compact, '.title').textContent), 'Summary of item 1.');
  });

  it('loading: space for its rows and "Loading feed…", named busy', async () => {
    const { server, feeds } = await setup();
    feeds.set(URL_A, sampleFeed(2));
    server.latency = 400;
    const el = await mount({ src: URL_A, limit: '2' });
    await state(el, 'loading');
    await until(() => $(el, '.skeleton'), 'the skeleton');
    eq($(el, '[part=feed]').getAttribute('aria-busy'), 'true');
    eq(clean($(el, '.visually-hidden').textContent), 'Loading feed…');
    ok(el.getBoundingClientRect().height > 100, 'room for its rows');
    await axe(el);
    await state(el, 'loaded');
    eq($(el, '[part=feed]').getAttribute('aria-busy'), 'false');
  });

  it('empty: says there is nothing yet, in the words of its kind', async () => {
    const { feeds } = await setup();
    feeds.set(URL_A, sampleFeed(0));
    feeds.set('activity:tag=crm', { ...sampleFeed(0), format: 'kith' });
    const el = await mount({ src: URL_A });
    await state(el, 'empty');
    eq(message(el), 'No items yet.');
    const activity = await mount({ tag: 'crm' });
    await state(activity, 'empty');
    eq(message(activity), 'No activity yet.');
    await axe(el);
  });

  it('failed: says why in its own words; Retry only where trying again can help, and it reads again', async () => {
    const { server, feeds } = await setup();
    const cases: [string, string, boolean][] = [
      ['feed_unreachable', 'The feed’s server could not be reached.', true],
      ['feed_timeout', 'The feed’s server took too long to answer.', true],
      ['feed_unreadable', 'This address is not an RSS, Atom or JSON feed.', true],
      ['feed_refused', 'This feed address is not allowed: it points into a private network.', false],
      ['feed_host_not_allowed', 'This site does not read feeds from intranet.example.', false],
      ['feed_url_invalid', 'This feed address is not a web address (http or https).', false],
    ];
    for (const [code, text, retry] of cases) {
      const url = `https://intranet.example/${code}.xml`;
      feeds.fail(url, code);
      const el = await mount({ src: url });
      const errors = events(el, 'kith-error');
      await state(el, 'error');
      await until(() => message(el).startsWith(text), `${code}: ${message(el)}`);
      eq(!!$(el, '[part=message] button'), retry, `${code}: Retry`);
      eq($(el, '[part=message]').getAttribute('role'), 'alert');
      await until(() => errors.length, 'kith-error');
      eq(errors[0], { subject: url, code, message: text });
      await axe(el);
    }
    const url = 'https://intranet.example/feed_unreachable.xml';
    feeds.set(url, sampleFeed(1));
    const el = document.querySelector(`kith-feed[src="${url}"]`) as HTMLElement & { updateComplete: Promise<unknown> };
    const before = server.log.length;
    const retry = $(el as never, '[part=message] button') as HTMLButtonElement;
    retry.focus();
    retry.click();
    await state(el as never, 'loaded');
    eq((el as HTMLElement).shadowRoot!.activeElement, $(el as never, '[part=feed]'), 'focus went to the feed, not to the body');
    ok(server.log.length > before, 'read again');
    eq(titles(el as never), ['Item 1']);
  });

  it('a server failure (network) says the feed could not be loaded, with Retry', async () => {
    const { server, feeds } = await setup();
    feeds.set(URL_A, sampleFeed(1));
    server.fail('GET', 'feeds/batch', 'network', 3);
    const el = await mount({ src: URL_A });
    await state(el, 'error');
    await until(() => message(el) == 'The feed could not be loaded. Retry', message(el));
    ($(el, "[part=message] button") as HTMLButtonElement).click();
    await state(el, 'loaded');
  });

  it('not set up: no site, or nothing to read, each said as such, without Retry', async () => {
    await setup();
    configure({ site: '' });
    const el = await mount({ src: URL_A });
    await until(() => message(el) == 'Kith is not set up on this page: the script tag has no data-site.', message(el));
    ok(!$(el, 'button'));
    el.remove();
    const { server } = await setup();
    const none = await mount({});
    await until(() => message(none) == 'This feed has nothing to read: give it a src, subject, tag or activity attribute.', message(none));
    ok(!$(none, 'button'));
    eq(server.log.filter((l) => l.path == 'feeds/batch').length, 0, 'nothing asked for');
    await axe(none);
  });

  it('stale: the server\'s last good copy, marked with when it was fetched, with Retry', async () => {
    const { feeds } = await setup();
    feeds.set(URL_A, sampleFeed(2), { stale: true, fetchedAt: '2026-11-30T08:00:00.000Z' });
    const el = await mount({ src: URL_A });
    await state(el, 'stale');
    eq(titles(el), ['Item 1', 'Item 2']);
    await until(() => message(el).startsWith('Saved copy from Nov 30, 2026'), message(el));
    ok(message(el).endsWith('the feed could not be refreshed. Retry'), message(el));
    await axe(el);
  });

  it('offline: the copy an earlier page saved, marked as such', async () => {
    const { server, feeds } = await setup();
    const url = `https://news.example/offline-${Date.now()}.xml`;
    feeds.set(url, sampleFeed(2));
    const first = await mount({ src: url });
    await state(first, 'loaded');
    await sleep(1500); // the copy is saved when the page is idle
    first.remove();
    server.fail('GET', 'feeds/batch', 'network', 10);
    const again = await mount({ src: url });
    await state(again, 'stale');
    eq(titles(again), ['Item 1', 'Item 2']);
    await until(() => /could not be refreshed|could not be loaded/.test(message(again)), message(again));
    ok($(again, '[part=message] button'), 'Retry');
  });

  it('Kith\'s activity in the reader\'s language from its first frame, worded from its facts; a subject\'s own feed does not repeat it', async () => {
    const { feeds } = await setup({ lang: 'de' });
    const activity = (kind: 'comment' | 'rating' | 'tag', extra: object, id: string) => ({
      id,
      title: 'English title from the server',
      published: new Date(Date.now() - 60_000).toISOString(),
      enclosures: [],
      categories: [],
      activity: { kind, subject: 'product/42', subjectName: 'Barista 42', ...extra },
    });
    const doc = { format: 'kith' as const, title: 'Demo: activity', items: [activity('comment', { author: 'Ann' }, 'c1'), activity('rating', { stars: 4 }, 'r1'), activity('tag', { tag: 'espresso' }, 't1')] };
    feeds.set('activity', doc);
    feeds.set('activity:subject=product/42', doc);
    // Its words come with its data: the first frame that shows the items shows them in German (no English flash).
    const site = await mount({ activity: '' });
    await state(site, 'loaded');
    eq(titles(site), ['Ann hat Barista 42 kommentiert', 'Barista 42 wurde mit 4 Sternen bewertet', 'Barista 42 wurde mit „espresso“ getaggt']);
    const own = await mount({ subject: 'product/42' });
    await state(own, 'loaded');
    eq(titles(own), ['Ann hat kommentiert', 'Mit 4 Sternen bewertet', 'Mit „espresso“ getaggt']);
    await axe(own);
  });

  it('one line for the same stars or tag given by several people in a row, saying how many, in the reader\'s language', async () => {
    const { feeds } = await setup();
    const item = (id: string, extra: Omit<ActivityFacts, 'subject'>) => ({
      id,
      title: 'English title from the server',
      published: new Date(Date.now() - 60_000).toISOString(),
      enclosures: [],
      categories: [],
      activity: { subject: 'product/42', subjectName: 'Barista 42', ...extra },
    });
    const doc = {
      format: 'kith' as const,
      title: 'Demo: activity',
      items: [item('r1', { kind: 'rating', stars: 4, people: 3 }), item('t1', { kind: 'tag', tag: 'espresso', people: 2, peopleAtLeast: true }), item('r0', { kind: 'rating', stars: 5 })],
    };
    feeds.set('activity', doc);
    feeds.set('activity:subject=product/42', doc);
    const site = await mount({ activity: '' });
    await state(site, 'loaded');
    eq(titles(site), ['Barista 42 was rated 4 stars by 3 people', 'Barista 42 was tagged “espresso” by 2 or more people', 'Barista 42 was rated 5 stars']);
    const own = await mount({ subject: 'product/42', layout: 'compact' });
    await state(own, 'loaded');
    eq(titles(own), ['Rated 4 stars by 3 people', 'Tagged “espresso” by 2 or more people', 'Rated 5 stars']);
    eq($(own, '[part=item] .title').title, 'Rated 4 stars by 3 people', 'a compact line cut short has the whole of it as its tooltip');
    // Arabic has a form for two, and one for three to ten.
    configure({ lang: 'ar' });
    await until(() => titles(own)[0]!.includes('أشخاص'), titles(own).join(' | '));
    // The line it counts is isolated, as every text inside right-to-left text is.
    eq(titles(own).slice(0, 2), ['\u2068تقييم بـ 4 نجوم\u2069 (من 3 أشخاص)', '\u2068الوسم «\u2068espresso\u2069»\u2069 (من شخصين أو أكثر)']);
    configure({ lang: undefined });
  });

  it('follows the live stream: a new comment, rating or tag arrives without a reload, announced politely', async () => {
    const { server, feeds } = await setup();
    feeds.set('activity', { ...sampleFeed(1), format: 'kith' });
    feeds.set('activity:subject=product/9', { ...sampleFeed(1), format: 'kith' });
    const site = await mount({ activity: '' });
    const own = await mount({ subject: 'product/9' });
    const updates = events(site, 'kith-feed-update');
    await state(site, 'loaded');
    await state(own, 'loaded');
    await until(() => server.live.some((stream) => stream.url.searchParams.getAll('subjects').includes('~activity')), 'the activity channel followed');
    ok(server.live.some((stream) => stream.url.searchParams.getAll('subjects').includes('product/9')), 'the subject followed');
    feeds.set('activity', { ...sampleFeed(2, Date.now()), format: 'kith', items: [{ ...sampleFeed(1).items[0]!, id: 'new-one', title: 'New one' }, ...sampleFeed(1).items] });
    server.push('activity', { subject: '~activity', of: 'product/3', type: 'rating' });
    await until(() => titles(site)[0] == 'New one', titles(site).join(' | '));
    await until(() => clean($(site, '[aria-live=polite]').textContent) == '1 new item', 'announced');
    eq(updates, [{ key: 'activity', count: 1 }]);
    ok(document.activeElement == document.body || !site.contains(document.activeElement), 'focus not taken');
  });

  it('a site that keeps its activity to signed-in users: read with the user\'s token; a guest is asked to sign in', async () => {
    const { server, feeds } = await setup();
    feeds.set('activity:tag=internal', { ...sampleFeed(1), format: 'kith' });
    feeds.privateKeys.add('activity:tag=internal');
    const guest = await mount({ tag: 'internal' });
    await state(guest, 'error');
    await until(() => message(guest) == 'Sign in to see this activity.', message(guest));
    ok(!$(guest, 'button'), 'no Retry');
    guest.remove();
    configure({ token: 'user-token' });
    const member = await mount({ tag: 'internal', limit: '5' });
    await state(member, 'loaded');
    ok(server.log.some((l) => l.path == 'feeds/batch' && l.auth == 'Bearer user-token'), 'asked with the token');
    configure({ token: null });
  });

  it('never renders script, event handlers or unsafe links from a feed', async () => {
    const { feeds } = await setup();
    const feed = sampleFeed(1);
    feed.items[0]!.summary = {
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'link', href: 'javascript:alert(1)', children: [{ type: 'text', value: 'click' }] }, { type: 'text', value: '<img src=x onerror=alert(2)>' }] },
        { type: 'script', value: 'alert(3)' } as never,
      ],
    };
    feed.items[0]!.link = 'javascript:alert(4)';
    feeds.set(URL_A, feed);
    (window as any).ran = false;
    const el = await mount({ src: URL_A });
    await state(el, 'loaded');
    ok(!$(el, '.summary a'), 'the javascript: link is text');
    ok(!$(el, 'img, script'), 'no element from text');
    ok(clean($(el, '.summary').textContent).includes('<img src=x onerror=alert(2)>'), 'shown as text');
    eq((window as any).ran, false);
  });

  it('reload() reads again now', async () => {
    const { server, feeds } = await setup();
    feeds.set(URL_A, sampleFeed(1));
    const el = await mount({ src: URL_A });
    await state(el, 'loaded');
    const before = server.log.length;
    await el.reload();
    ok(server.log.length > before);
  });
});

describe('<kith-feed> look', () => {
  afterEach(async () => {
    await resetMedia();
    document.querySelectorAll('.test-box, kith-feed').forEach((node) => node.remove());
  });

  it('at 320 px with a 20 px font nothing overflows; a 12 px font still reads', async () => {
    const { feeds } = await setup();
    const feed = sampleFeed(2);
    feed.items[0]!.title = 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und mehr';
    feed.items[0]!.enclosures = [{ url: 'https://news.example/e.mp3', type: 'audio/mpeg', length: 1_000_000 }];
    feeds.set(URL_A, feed);
    const { box, el } = await boxed('width: 320px; font-size: 20px; font-family: sans-serif', { src: URL_A });
    await state(el, 'loaded');
    ok(box.scrollWidth <= 320, `box ${box.scrollWidth}`);
    for (const node of $$(el, '[part=item] *')) ok(node.getBoundingClientRect().right <= box.getBoundingClientRect().right + 0.5, `${node.localName} fits`);
    box.style.cssText = 'font-size: 12px; width: 600px; font-family: sans-serif';
    await el.updateComplete;
    ok(parseFloat(getComputedStyle($(el, '.meta')).fontSize) >= 10, 'meta at least 10 px');
  });

  it('Arabic: right to left, in Arabic', async () => {
    const { feeds } = await setup({ lang: 'ar' });
    feeds.set(URL_A, sampleFeed(0));
    const el = await mount({ src: URL_A });
    await state(el, 'empty');
    eq($(el, '[part=feed]').getAttribute('dir'), 'rtl');
    eq(message(el), 'لا توجد عناصر بعد.');
    await axe(el);
  });

  for (const theme of ['light', 'dark'] as const)
    it(`${theme}: links and text keep their contrast; axe finds nothing`, async () => {
      const { feeds } = await setup({ theme });
      feeds.set(URL_A, sampleFeed(2));
      const el = await mount({ src: URL_A });
      await state(el, 'loaded');
      await axe(el);
    });

  it('forced colors: the frame and links in system colors', async () => {
    const { feeds } = await setup();
    feeds.set(URL_A, sampleFeed(1));
    const el = await mount({ src: URL_A });
    await state(el, 'loaded');
    await emulateMedia([{ name: 'forced-colors', value: 'active' }]);
    const probe = document.createElement('a');
    probe.href = '#';
    probe.style.color = 'LinkText';
    document.body.append(probe);
    const linkText = getComputedStyle(probe).color;
    probe.remove();
    eq(getComputedStyle($(el, 'a.title')).color, linkText);
    ok(getComputedStyle($(el, '.card')).borderTopStyle == 'solid', 'the frame is drawn');
  });
});
