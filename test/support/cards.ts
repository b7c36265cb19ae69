// Helpers for <kith-id-card> tests: the card routes (`cards/batch`) in memory on the fake server
// (test/support/fake-server.ts), mounting, and real pointer and keyboard input (@web/test-runner-commands).
import { HttpResponse } from 'msw';
import { sendMouse } from '@web/test-runner-commands';
import { configure, type KithOptions } from '../../src/core/config.js';
import type { KithIdCard } from '../../src/widgets/id-card/id-card.component.js';
import type { CardContext, CardProfile, CardView } from '../../src/widgets/id-card/id-card.data.js';
import '../../src/widgets/id-card/id-card.js';
import { until } from './assert.js';
import { fakeServer, type FakeServer } from './fake-server.js';

const DEFAULT_LAYOUT = ['name', 'title', 'company', 'email', 'phone', 'url'];

/** The card routes, in memory: cards and layouts per kind; the summary from the fake's ratings, or set here. */
export class CardsFake {
  cards = new Map<string, CardProfile>();
  layouts = new Map<string, string[]>();
  summaries = new Map<string, CardView['summary']>();
  /** Context lines per card subject, for requests with `context=` (null where not set). */
  contexts = new Map<string, Omit<CardContext, 'subject'>>();

  constructor(readonly server: FakeServer) {
    server.routes = (request, route) => this.handle(request, route);
  }

  view(subject: string): CardView {
    const kind = subject.includes('/') ? subject.slice(0, subject.indexOf('/') + 1) : '';
    const rating = this.server.summary(subject);
    return {
      subject,
      card: this.cards.get(subject) ?? null,
      updatedAt: this.cards.has(subject) ? '2026-12-01T10:00:00.000Z' : null,
      layout: { fields: this.layouts.get(kind) ?? DEFAULT_LAYOUT, narrow: 4 },
      summary: this.summaries.get(subject) ?? { rating: { average: rating.average, count: rating.count }, comments: 0, tags: [] },
    };
  }

  handle(request: Request, route: string): Response | undefined {
    if (route != 'cards/batch' && route != 'cards') return undefined;
    const query = new URL(request.url).searchParams;
    const subjects = [...new Set(query.getAll('subject'))];
    const context = query.get('context');
    const withContext = (view: CardView): CardView => {
      const lines = this.contexts.get(view.subject);
      return context === null ? view : { ...view, context: lines ? { subject: context, ...lines } : null };
    };
    if (route == 'cards') return HttpResponse.json(withContext(this.view(query.get('subject')!)));
    return HttpResponse.json({ items: subjects.map((subject) => withContext(this.view(subject))) });
  }
}

export const setup = async (opts: KithOptions = {}): Promise<{ server: FakeServer; cards: CardsFake }> => {
  const server = await fakeServer();
  configure({ api: location.origin, site: server.site, token: null, theme: 'auto', lang: 'en', ...opts });
  return { server, cards: new CardsFake(server) };
};

/** A card wrapping `trigger` (HTML), in `parent`. */
export const mount = async (attrs: Record<string, string>, trigger = '<a href="#record">Ada Lovelace</a>', parent: HTMLElement = document.body): Promise<KithIdCard> => {
  const el = document.createElement('kith-id-card');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.innerHTML = trigger;
  parent.append(el);
  await el.updateComplete;
  return el;
};

export const $ = (el: KithIdCard, sel: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
export const $$ = (el: KithIdCard, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
export const popover = (el: KithIdCard): HTMLElement => $(el, '[popover]');
export const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
export const isOpen = (el: KithIdCard): boolean => !!popover(el)?.matches(':popover-open');
export const opened = (el: KithIdCard): Promise<unknown> => until(() => isOpen(el) && popover(el).dataset.placement, 'the card open and placed');
export const closed = (el: KithIdCard): Promise<unknown> => until(() => !isOpen(el), 'the card closed');
export const loaded = (el: KithIdCard): Promise<unknown> => until(() => el.matches(':state(loaded)'), 'the card loaded');
/** The card's fields as "label: value". */
export const fields = (el: KithIdCard): string[] => $$(el, '.row').filter((row) => getComputedStyle(row).display != 'none').map((row) => clean(row.querySelector('dt')!.textContent) + ': ' + clean(row.querySelector('dd')!.textContent));
/** The status line: its text, then its button's (Retry). */
export const message = (el: KithIdCard): string => [...($(el, '[part=message]')?.children ?? [])].map((child) => clean(child.textContent)).filter(Boolean).join(' ');

/** Moves the real mouse to the middle of `element` (or of a rect). */
export const pointAt = async (target: Element | DOMRect): Promise<void> => {
  const box = target instanceof Element ? target.getBoundingClientRect() : target;
  await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
};

export const events = (el: Element, name: 'kith-card-open' | 'kith-card-close' | 'kith-error'): any[] => {
  const got: any[] = [];
  el.addEventListener(name, (e) => got.push((e as CustomEvent).detail));
  return got;
};

afterEach(() => document.querySelectorAll('kith-id-card, .test-box').forEach((e) => e.remove()));
