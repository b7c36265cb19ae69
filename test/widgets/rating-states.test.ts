// <kith-rating>: every state says what it is, on screen and in its accessible name; focus stays on the
// stars; a guest on a members-only site is told before acting.
import { sendKeys } from '@web/test-runner-commands';
import { sitePrefix } from '../../src/core/config.js';
import { summaries } from '../../src/widgets/rating/rating.data.js';
import { consoleLines, eq, ok, sleep, until } from '../support/assert.js';
import { sharedStrings, Strings } from '../../src/core/strings.js';
import { KithRating } from '../../src/widgets/rating/rating.component.js';
import english from '../../src/widgets/rating/i18n/en.js';
import { $, $$, fills, loaded, mount, setup, stars, text } from '../support/rating.js';

const events = (el: Element, name: 'kith-change' | 'kith-error' | 'kith-sign-in') => {
  const got: any[] = [];
  el.addEventListener(name, (e) => got.push((e as CustomEvent).detail));
  return got;
};
const label = (el: Element) => $(el as never, '[part=stars]').getAttribute('aria-label');

describe('<kith-rating> states', () => {
  it('loading looks and is named unlike "no ratings yet", with no layout shift', async () => {
    const s = await setup();
    s.seed('st/zero', [0, 0, 0, 0, 0]);
    s.latency = 400;
    const el = await mount('st/zero');
    await until(() => el.shadowRoot!.querySelector('[part=base]'), 'the skeleton, once the data is late');
    const loadingHeight = el.getBoundingClientRect().height;
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'true');
    eq(label(el), 'Rate this: Loading ratings…');
    eq(text(el, 'count'), 'Loading ratings…');
    ok($(el, '[part=stars]').classList.contains('placeholder'), 'dashed placeholder stars');
    ok(el.matches(':state(loading)'));
    await loaded(el);
    eq(label(el), 'Rate this: No ratings yet', 'not "0 of 5 stars"');
    eq(text(el, 'count'), 'No ratings yet');
    ok(!$(el, '[part=stars]').classList.contains('placeholder'), 'solid empty stars');
    eq(el.getBoundingClientRect().height, loadingHeight, 'same height');
    ok(!el.matches(':state(loading)'));
  });

  it('zero ratings shows no empty chart, and announces none', async () => {
    const s = await setup();
    s.seed('st/none', [0, 0, 0, 0, 0]);
    const el = await mount('st/none');
    await loaded(el);
    const chart = $(el, '[part=chart]');
    eq(getComputedStyle(chart).visibility, 'hidden');
    eq(chart.getAttribute('aria-hidden'), 'true');
    eq(chart.getAttribute('role'), null);
    eq($$(el, '.number').map((n) => n.textContent), ['', '', '', '', ''], 'no counts');
    eq($(el, '.first').textContent, 'Be the first to rate this.');
  });

  it('a load error is named as an error (not "Loading…"), offers Retry, and Retry keeps focus on the stars', async () => {
    const s = await setup();
    s.seed('st/err', [0, 0, 0, 0, 2]);
    s.fail('GET', 'ratings/batch', { status: 503, code: 'unavailable' }, 3);
    const el = await mount('st/err');
    const errors = events(el, 'kith-error');
    await until(() => text(el, 'message').startsWith('Ratings could not be loaded.'), 'error state');
    eq(label(el), 'Rate this: Ratings could not be loaded.');
    eq(errors.map((e) => e.code), ['unavailable']);
    ok(el.matches(':state(error)'));
    eq($(el, '[part=chart]').getAttribute('aria-hidden'), 'true', 'the chart announces nothing');
    eq(stars(el).every((star) => star.getAttribute('aria-disabled') == 'true'), true, 'stars cannot vote on nothing');
    $(el, '[part=message] button').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    ok(document.activeElement === el && el.shadowRoot!.activeElement === stars(el)[0], 'focus on the stars, not <body>');
    await loaded(el);
    eq(text(el, 'count'), '5 · 2 ratings');
    eq(label(el), 'Rate this: 5 of 5 stars, 2 ratings');
  });

  it('"not set up" says what is missing and offers no Retry that cannot help', async () => {
    await setup({ site: '' });
    const el = document.createElement('kith-rating');
    const errors = events(el, 'kith-error');
    el.setAttribute('subject', 'st/nosite');
    document.body.append(el);
    await until(() => text(el, 'message').includes('Kith is not set up on this page: the script tag has no data-site.'), 'not-set-up message');
    eq($$(el, 'button').length, 0);
    eq(errors.map((e) => e.code), ['noSite']);
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'false');
    eq($(el, '[part=stars]').getAttribute('role'), 'img');
  });

  it('a page whose origin the site does not allow says so, names the fix in the console once, and neither retries nor offers Retry', async () => {
    const s = await setup();
    s.fail('GET', 'ratings/batch', { status: 403, code: 'origin_not_allowed' }, 2);
    const errors: string[] = [];
    addEventListener('kith-error', (event) => errors.push(event.detail.code), { once: true });
    const logged = await consoleLines('error', async () => {
      const [el] = await Promise.all([mount('st/origin'), mount('st/origin2')]);
      await until(() => text(el!, 'message').includes(location.origin), 'origin named');
      eq(text(el!, 'message'), `This page (${location.origin}) may not use site ${s.site}.`);
      eq($$(el!, 'button').length, 0);
      eq(errors, ['origin_not_allowed'], 'kith-error names the refusal, not "network"');
      await sleep(300);
      eq(s.log.filter((l) => l.path == 'ratings/batch').length, 1, 'one request: a 403 is not retried');
    });
    eq(logged, [`Kith: this page (${location.origin}) may not use site "${s.site}" on ${location.origin}. On the Kith server, run: npm run kith -- site update ${s.site} --add-origin ${location.origin}`]);
  });

  it('a signed-in page whose token function fails asks to sign in again, fires kith-error, and never votes as a guest', async () => {
    const s = await setup({ token: () => Promise.reject(new Error('session expired')) });
    s.seed('st/token', [0, 0, 1, 0, 0]);
    const errors: { code: string; reverted?: boolean }[] = [];
    const onError = (event: CustomEvent) => errors.push({ code: event.detail.code, reverted: event.detail.reverted });
    addEventListener('kith-error', onError);
    try {
      const el = await mount('st/token');
      await until(() => text(el, 'message') == 'Please sign in again to rate.', 'sign in again');
      eq(errors, [{ code: 'token_unavailable', reverted: undefined }]);
      ok(el.matches(':state(loaded)'), 'the public summary still shows');
      stars(el)[3]!.click();
      await until(() => errors.length == 2, 'the vote refused');
      eq(errors[1], { code: 'token_unavailable', reverted: true });
      eq(text(el, 'message'), 'Please sign in again to rate.');
      eq(s.writes(), [], 'no guest token made, nothing written');
    } finally {
      removeEventListener('kith-error', onError);
    }
  });

  it('a language whose catalog cannot be loaded shows English with English numbers, and says so once in the console', async () => {
    // A rating whose German catalog fails to load, as an import does when the network drops.
    class RatingWithoutGerman extends KithRating {
      static override strings = new Strings('rating', english, { de: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) }, sharedStrings);
    }
    customElements.define('kith-rating-without-german', RatingWithoutGerman);
    const s = await setup({ lang: 'de' });
    s.seed('st/no-catalog', [0, 0, 0, 3, 1200]);
    const warnings = await consoleLines('warn', async () => {
      const el = document.createElement('kith-rating-without-german') as KithRating;
      el.setAttribute('subject', 'st/no-catalog');
      document.body.append(el);
      await loaded(el);
      eq(text(el, 'count'), '5 · 1,203 ratings', 'English words, English numbers (German would be 1.203)');
      eq($(el, '[part=message]').textContent!.trim(), 'Rate this');
      el.remove();
    });
    eq(warnings, ['Kith: the de strings could not be loaded; English is shown.']);
  });

  it('a token function that returns nothing counts as failed, not as a guest', async () => {
    const s = await setup({ token: () => '' });
    s.seed('st/empty-token', [0, 0, 1, 0, 0]);
    const el = await mount('st/empty-token');
    await until(() => text(el, 'message') == 'Please sign in again to rate.', 'sign in again');
    eq(s.log.filter((l) => l.path == 'policy' || l.path == 'visitors').length, 0);
  });

  it('an invalid subject fails alone: the other ratings of the batch still load', async () => {
    const s = await setup();
    s.seed('st/fine', [0, 0, 0, 1, 0]);
    const [bad, good] = await Promise.all([mount('x'.repeat(600)), mount('st/fine')]);
    await loaded(good);
    await until(() => text(bad, 'message') == 'This rating’s subject is not valid.', 'bad subject');
    eq($$(bad, 'button').length, 0);
    eq(s.log.filter((l) => l.path == 'ratings/batch').flatMap((l) => l.subjects), ['st/fine']);
  });

  it('offline with a saved summary: shows it as stale, says so, and retries', async () => {
    const s = await setup();
    s.seed('st/stale', [0, 0, 0, 0, 1]);
    summaries.remember(sitePrefix(), { subject: 'st/stale', average: 3, count: 4, histogram: [0, 0, 4, 0, 0] });
    await sleep(50);
    s.fail('GET', 'ratings/batch', 'network', 3);
    const el = await mount('st/stale');
    await until(() => text(el, 'message').startsWith('Saved ratings shown'), 'stale state');
    eq(text(el, 'count'), '3 · 4 ratings');
    ok(el.matches(':state(stale)') && !el.matches(':state(loaded)'));
    $(el, '[part=message] button').click();
    await loaded(el);
    eq(text(el, 'count'), '5 · 1 rating');
    ok(!el.matches(':state(stale)'));
  });

  it('a guest on a site that refuses guests is told to sign in before any click (policy read)', async () => {
    const s = await setup({ token: null });
    s.guests = false;
    s.seed('st/members', [0, 0, 0, 2, 0]);
    const el = await mount('st/members');
    await loaded(el);
    eq(text(el, 'message'), 'Sign in to rate.');
    eq(label(el), 'Sign in to rate: 4 of 5 stars, 2 ratings');
    ok(stars(el).every((star) => star.getAttribute('aria-disabled') == 'true'), 'radios disabled');
    ok(el.matches(':state(sign-in)'));
    eq(s.log.map((l) => l.path).sort(), ['policy', 'ratings/batch'], 'one policy read, no vote, no visitor token');
    const signIns = events(el, 'kith-sign-in');
    const changes = events(el, 'kith-change');
    stars(el)[4]!.click();
    await sleep(400);
    eq(signIns, [{ subject: 'st/members', url: '' }], 'the page is told, and can open its own dialog');
    eq(changes.length, 0);
    eq(s.writes().length, 0);
    eq(fills(el), ['100%', '100%', '100%', '100%', '0%'], 'nothing changed on screen');
  });

  it('with sign-in-url the message is a link; kith-sign-in is cancelable', async () => {
    const s = await setup({ token: null });
    s.guests = false;
    s.seed('st/link', [0, 0, 0, 0, 0]);
    const el = await mount('st/link', { 'sign-in-url': '#sign-in-here' });
    await loaded(el);
    const link = $(el, '[part=message] a') as HTMLAnchorElement;
    eq(link.textContent, 'Sign in to rate');
    eq(link.getAttribute('href'), '#sign-in-here');
    el.addEventListener('kith-sign-in', (e) => e.preventDefault(), { once: true });
    link.click();
    eq(location.hash, '', 'the page took over: no navigation');
    link.click();
    eq(location.hash, '#sign-in-here', 'otherwise the link is followed');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('a signed-in user never reads the guest policy', async () => {
    const s = await setup({ token: 'user-a' });
    s.guests = false;
    s.seed('st/user', [0, 0, 1, 0, 0]);
    const el = await mount('st/user');
    await loaded(el);
    eq(text(el, 'message'), 'Rate this');
    eq(s.log.some((l) => l.path == 'policy'), false);
  });

  it('readonly with zero ratings names itself without "Rate this"', async () => {
    const s = await setup();
    s.seed('st/ro', [0, 0, 0, 0, 0]);
    const el = await mount('st/ro', { readonly: '' });
    await loaded(el);
    eq(label(el), 'No ratings yet');
    eq($$(el, '[part=message]').length, 0);
  });
});
