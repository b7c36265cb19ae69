// core/relative-time.ts: "3 hours ago" in the widget's language, the exact time as a tooltip, and one shared
// clock that ticks at most once a minute, only while someone listens.
import { html, render } from 'lit';
import { clock, onMinute, relativeTime, timeTemplate } from '../../src/core/relative-time.js';
import { eq, ok } from '../support/assert.js';

const at = (ms: number) => new Date(Date.parse('2026-11-30T12:00:00.000Z') + ms).toISOString();
const now = Date.parse('2026-11-30T12:00:00.000Z');

describe('relative time', () => {
  it('says now, minutes, hours, yesterday, weeks, years, in the language asked', () => {
    eq(relativeTime('en', at(-10e3), now), 'now');
    eq(relativeTime('en', at(+30e3), now), 'now', 'a clock a little ahead of the server');
    eq(relativeTime('en', at(-5 * 60e3), now), '5 minutes ago');
    eq(relativeTime('en', at(-3 * 3600e3), now), '3 hours ago');
    eq(relativeTime('en', at(-26 * 3600e3), now), 'yesterday');
    eq(relativeTime('en', at(-15 * 86400e3), now), '2 weeks ago');
    eq(relativeTime('en', at(-400 * 86400e3), now), 'last year');
    eq(relativeTime('de', at(-3 * 3600e3), now), 'vor 3 Stunden');
    eq(relativeTime('ja', at(-3 * 3600e3), now), '3 時間前');
  });

  it('renders <time datetime title> with the exact time', () => {
    const box = document.createElement('div');
    render(html`${timeTemplate('en', at(-3 * 3600e3))}`, box);
    const time = box.querySelector('time')!;
    eq(time.getAttribute('datetime'), at(-3 * 3600e3));
    ok(/2026/.test(time.title), time.title);
  });

  it('one clock: listeners share it; it stops when the last one leaves', () => {
    let ticks = 0;
    const stopA = onMinute(() => ticks++);
    const stopB = onMinute(() => ticks++);
    eq(clock.listeners.size, 2);
    stopA();
    stopB();
    eq(clock.listeners.size, 0);
    eq(ticks, 0, 'nothing ran at once');
  });
});
