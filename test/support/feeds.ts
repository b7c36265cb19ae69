// Helpers for <kith-feed> tests: the feed routes (`feeds/batch`, `feeds`) in memory on the fake server
// (test/support/fake-server.ts): a feed per key, or the error its read answers; and mounting.
import { HttpResponse } from 'msw';
import { configure, type KithOptions } from '../../src/core/config.js';
import type { FeedDocument, FeedItem } from '../../src/core/feed-document.js';
import type { KithFeed } from '../../src/widgets/feed/feed.component.js';
import '../../src/widgets/feed/feed.js';
import { until } from './assert.js';
import { fakeServer, type FakeServer } from './fake-server.js';

type Answer = { feed: FeedDocument; stale?: boolean; fetchedAt?: string } | { error: { code: string; message: string } };

export class FeedsFake {
  /** What each key answers; a key not here answers feed_unreachable. */
  answers = new Map<string, Answer>();
  /** Keys that answer only to a request with a user token (a site that keeps its activity private). */
  privateKeys = new Set<string>();

  constructor(readonly server: FakeServer) {
    server.routes = (request, route) => this.handle(request, route);
  }

  set(key: string, feed: FeedDocument, more: { stale?: boolean; fetchedAt?: string } = {}): void {
    this.answers.set(key, { feed, fetchedAt: '2026-12-01T09:00:00.000Z', ...more });
  }

  fail(key: string, code: string): void {
    this.answers.set(key, { error: { code, message: code } });
  }

  answer(key: string, auth: string | null) {
    if (this.privateKeys.has(key) && !auth) return { subject: key, error: { code: 'feed_token_required', message: 'sign in' } };
    return { subject: key, ...(this.answers.get(key) ?? { error: { code: 'feed_unreachable', message: 'unreachable' } }) };
  }

  handle(request: Request, route: string): Response | undefined {
    if (route != 'feeds/batch' && route != 'feeds') return undefined;
    const query = new URL(request.url).searchParams;
    const auth = request.headers.get('authorization');
    if (route == 'feeds') {
      const { subject: _, ...answer } = this.answer(query.get('url')!, auth);
      return 'error' in answer ? HttpResponse.json({ error: answer.error }, { status: 422 }) : HttpResponse.json({ url: query.get('url'), stale: false, ...answer });
    }
    return HttpResponse.json({ items: [...new Set(query.getAll('subject'))].map((key) => this.answer(key, auth)) });
  }
}

export const setup = async (opts: KithOptions = {}): Promise<{ server: FakeServer; feeds: FeedsFake }> => {
  const server = await fakeServer();
  configure({ api: location.origin, site: server.site, token: null, theme: 'auto', lang: 'en', ...opts });
  return { server, feeds: new FeedsFake(server) };
};

export const mount = async (attrs: Record<string, string>, parent: HTMLElement = document.body): Promise<KithFeed> => {
  const el = document.createElement('kith-feed');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.append(el);
  await el.updateComplete;
  return el;
};

export const $ = (el: KithFeed, sel: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
export const $$ = (el: KithFeed, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
export const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
export const state = (el: KithFeed, name: string): Promise<unknown> => until(() => el.matches(`:state(${name})`), `the feed ${name}`);
/** The items' titles as shown. */
export const titles = (el: KithFeed): string[] => $$(el, '[part=item] .title').map((title) => clean(title.textContent));
/** The status line's text and its button's. */
export const message = (el: KithFeed): string =>
  [...($(el, '[part=message]')?.childNodes ?? [])]
    .filter((child) => child.nodeType != Node.COMMENT_NODE)
    .map((child) => clean(child.textContent))
    .filter(Boolean)
    .join(' ');

const text = (value: string) => ({ type: 'root' as const, children: [{ type: 'paragraph' as const, children: [{ type: 'text' as const, value }] }] });

/** A feed of `n` items, the newest first, an hour apart from `newest`. */
export const sampleFeed = (n = 3, newest = Date.now() - 3_600_000, more: Partial<FeedDocument> = {}): FeedDocument => ({
  format: 'rss',
  title: 'Barista news',
  link: 'https://barista.example/news/',
  items: Array.from({ length: n }, (_, i): FeedItem => ({
    id: `item-${i}`,
    title: `Item ${i + 1}`,
    link: `https://barista.example/news/${i + 1}`,
    published: new Date(newest - i * 3_600_000).toISOString(),
    author: { name: 'Mara Feld' },
    summary: text(`Summary of item ${i + 1}.`),
    enclosures: [],
    categories: [],
  })),
  ...more,
});
