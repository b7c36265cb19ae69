// Helpers for <kith-rating> tests.
import { configure, type KithOptions } from '../../src/core/config.js';
import type { KithRating } from '../../src/widgets/rating/rating.component.js';
import '../../src/widgets/rating/rating.js';
import { until } from './assert.js';
import { fakeServer, type FakeServer } from './fake-server.js';

export const setup = async (opts: KithOptions = {}): Promise<FakeServer> => {
  const s = await fakeServer();
  configure({ api: location.origin, site: s.site, token: 'user-a', theme: 'auto', lang: 'en', ...opts });
  return s;
};

export const mount = async (subject: string, attrs: Record<string, string> = {}): Promise<KithRating> => {
  const el = document.createElement('kith-rating');
  el.setAttribute('subject', subject);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  await el.updateComplete;
  return el;
};

// The card lays itself out in the first frame it is near the viewport (content-visibility: auto). Test pages
// may run in the background, where frames do not come: lay cards out at once, so positions are real.
document.head.append(Object.assign(document.createElement('style'), { textContent: 'kith-rating::part(base) { content-visibility: visible }' }));

export const $ = (el: KithRating, sel: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
export const $$ = (el: KithRating, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
export const stars = (el: KithRating): HTMLElement[] => $$(el, '[part~=star]');
/** How much of each star is filled (the average, or a preview). */
export const fills = (el: KithRating): string[] => stars(el).map((star) => star.style.getPropertyValue('--_fill'));
/** Which stars carry the own-vote outline (drawn over the fill). */
export const owned = (el: KithRating): boolean[] => stars(el).map((star) => star.classList.contains('own'));
/** Whether the stars show a preview (hover or arrow keys) rather than the average. */
export const previewing = (el: KithRating): boolean => $(el, '[part=stars]').classList.contains('preview');
export const text = (el: KithRating, part: string): string => $(el, `[part~=${part}]`).textContent!.replace(/\s+/g, ' ').trim();
/** Resolves once the widget shows the server's data (`:state(loaded)`). */
export const loaded = (el: KithRating): Promise<unknown> => until(() => el.matches(':state(loaded)'), 'server data shown');

afterEach(() => document.querySelectorAll('kith-rating').forEach((e) => e.remove()));
