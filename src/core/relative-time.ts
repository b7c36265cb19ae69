// "3 hours ago" in the widget's language, with the exact time for a tooltip and `<time datetime>`. One
// formatter of each kind per language for the page (never one per comment), and one shared, coarse clock:
// widgets that show relative times re-render at most once a minute, and only while the page is visible.
import { html } from 'lit';
import { perLanguage } from './intl.js';

const relativeFormat = perLanguage((tag) => new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }));
/** The exact date and time, e.g. "30 Nov 2026, 14:05". */
export const absoluteFormat = perLanguage((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }));

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "now", "5 minutes ago", "yesterday", "3 weeks ago" for an ISO time, as of `now`. */
export const relativeTime = (tag: string, iso: string, now = clock.now): string => {
  let amount = (Date.parse(iso) - now) / 1e3;
  // Under a minute (or a clock a little ahead of the server's): "now".
  if (amount > -60) return relativeFormat(tag).format(0, 'second');
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relativeFormat(tag).format(Math.trunc(amount), unit);
    amount /= size;
  }
  return '';
};

/** `<time datetime title>`: relative text, the exact time as its tooltip. `label` is put before both. */
export const timeTemplate = (tag: string, iso: string, label = '') => {
  const exact = Number.isNaN(Date.parse(iso)) ? '' : absoluteFormat(tag).format(new Date(iso));
  return html`<time datetime=${iso} title=${label + exact}>${label}${relativeTime(tag, iso)}</time>`;
};

/** The page's one clock for relative times: `now` moves on once a minute while the page is visible and some
 * widget listens; each listener is then re-rendered (Lit changes only the texts that changed). */
export const clock = {
  now: Date.now(),
  listeners: new Set<() => void>(),
};

let timer: ReturnType<typeof setInterval> | undefined;
const tick = () => {
  clock.now = Date.now();
  for (const listener of clock.listeners) listener();
};
const schedule = () => {
  clearInterval(timer);
  timer = undefined;
  if (clock.listeners.size && document.visibilityState == 'visible') timer = setInterval(tick, 6e4);
};
document.addEventListener('visibilitychange', () => {
  // Back on a page left open: bring the times up to date once, then every minute again.
  if (document.visibilityState == 'visible' && clock.listeners.size && Date.now() - clock.now > 6e4) tick();
  schedule();
});

/** Re-renders `listener` once a minute while the page is visible; returns the way to stop. */
export const onMinute = (listener: () => void): (() => void) => {
  clock.now = Date.now();
  clock.listeners.add(listener);
  if (!timer) schedule();
  return () => {
    clock.listeners.delete(listener);
    if (!clock.listeners.size) schedule();
  };
};
