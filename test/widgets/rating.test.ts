// <kith-rating>: data, voting by pointer and keyboard, optimistic writes and events.
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { sitePrefix } from '../../src/core/config.js';
import { KithRating } from '../../src/widgets/rating/rating.component.js';
import { summaries } from '../../src/widgets/rating/rating.data.js';
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, fills, loaded, mount, owned, previewing, setup, stars, text } from '../support/rating.js';

export const center = (e: Element): [number, number] => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
};

export const events = (el: Element, name: 'kith-change' | 'kith-error' | 'kith-saved' | 'kith-sign-in') => {
  const got: any[] = [];
  el.addEventListener(name, (e) => got.push((e as CustomEvent).detail));
  return got;
};

describe('<kith-rating>', () => {
  afterEach(() => resetMouse());

  it('renders average stars, count and chart from the server', async () => {
    const s = await setup();
    s.seed('p/1', [0, 0, 2, 4, 4]);
    const el = await mount('p/1');
    await loaded(el);
    eq(fills(el), ['100%', '100%', '100%', '100%', '20%']);
    eq(text(el, 'count'), '4.2 · 10 ratings');
    eq($(el, '[part=stars]').getAttribute('aria-label'), 'Rate this: 4.2 of 5 stars, 10 ratings');
    eq($(el, '[part=chart]').getAttribute('aria-label'), '5 stars: 4, 4 stars: 4, 3 stars: 2, 2 stars: 0, 1 star: 0');
    eq($$(el, '.number').map((n) => n.textContent), ['4', '4', '2', '0', '0'], 'the chart shows what it announces');
    eq($$(el, '[part=bar]').map((b) => b.style.getPropertyValue('--_share')), ['40.0%', '40.0%', '20.0%', '0.0%', '0.0%']);
    eq(stars(el).map((r) => r.getAttribute('aria-label')), ['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
  });

  it('without a subject attribute rates the page: its canonical URL', async () => {
    const s = await setup();
    const link = Object.assign(document.createElement('link'), { rel: 'canonical', href: 'https://shop.example.com/p/canon' });
    document.head.append(link);
    try {
      s.seed('https://shop.example.com/p/canon', [0, 0, 0, 0, 3]);
      const el = document.createElement('kith-rating');
      document.body.append(el);
      await loaded(el);
      eq(text(el, 'count'), '5 · 3 ratings');
      eq(el.subject, 'https://shop.example.com/p/canon');
    } finally {
      link.remove();
    }
  });

  it('is localized through configure({ strings }) (what script-tag pages call as Kith.configure)', async () => {
    const s = await setup({ lang: 'de', strings: { de: { count: '{n} Bewertung|{n} Bewertungen', star: '{n} Stern|{n} Sterne' } } });
    s.seed('p/de', [0, 0, 0, 1, 1]);
    const el = await mount('p/de');
    await loaded(el);
    eq(text(el, 'count'), '4,5 · 2 Bewertungen', 'numbers in the language of the text');
    eq(stars(el)[0]!.getAttribute('aria-label'), '1 Stern');
  });

  it('votes with the keyboard: arrows preview, Home/End, Enter commits (radio group)', async () => {
    const s = await setup();
    s.seed('p/3', [1, 0, 0, 0, 0]);
    const el = await mount('p/3');
    await loaded(el);
    const changes = events(el, 'kith-change');
    eq($(el, '[part=stars]').getAttribute('role'), 'radiogroup');
    eq(stars(el).map((r) => r.tabIndex), [0, -1, -1, -1, -1]);
    stars(el)[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    eq(el.shadowRoot!.activeElement, stars(el)[2]);
    eq(fills(el), ['100%', '100%', '100%', '0%', '0%'], 'preview');
    ok(previewing(el), 'the preview looks unlike the average');
    eq(stars(el).map((r) => r.tabIndex), [-1, -1, 0, -1, -1], 'roving tabindex');
    eq(changes.length, 0, 'moving does not vote');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Enter' });
    eq(changes, [{ subject: 'p/3', value: 2 }]);
    await until(() => s.votes.get('p/3')?.get('user-a') == 2, 'vote stored on the server');
    await until(() => stars(el)[1]!.getAttribute('aria-checked') == 'true', 'checked');
    await until(() => text(el, 'message').includes('Your rating: 2 stars'), 'own vote shown');
  });

  it('Enter or Space on the checked star keeps the vote (a radio never unchecks)', async () => {
    const s = await setup();
    s.seed('p/keep', [0, 0, 0, 0, 0], { principal: 'user-a', value: 3 });
    const el = await mount('p/keep');
    await until(() => text(el, 'message').includes('Your rating: 3'), 'own vote loaded');
    const changes = events(el, 'kith-change');
    stars(el)[2]!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });
    await sleep(400);
    eq(changes.length, 0);
    eq(s.writes().length, 0);
    eq(stars(el)[2]!.getAttribute('aria-checked'), 'true');
  });

  it('arrow keys move from the star that has focus (e.g. where a screen reader put it)', async () => {
    const s = await setup();
    s.seed('p/focus', [0, 0, 0, 1, 0]);
    const el = await mount('p/focus');
    await loaded(el);
    stars(el)[3]!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    eq(el.shadowRoot!.activeElement, stars(el)[2]);
    eq(fills(el), ['100%', '100%', '100%', '0%', '0%'], 'preview of 3');
  });

  it('votes by pointer with a hover preview; clicking the own vote again keeps it', async () => {
    const s = await setup();
    s.seed('p/4', [0, 0, 0, 0, 1]);
    const el = await mount('p/4');
    await loaded(el);
    const changes = events(el, 'kith-change');
    await sendMouse({ type: 'move', position: center(stars(el)[1]!) });
    await until(() => fills(el).join() == '100%,100%,0%,0%,0%', 'hover preview');
    await sendMouse({ type: 'click', position: center(stars(el)[3]!) });
    await until(() => s.votes.get('p/4')?.get('user-a') == 4, 'PUT 4');
    await until(() => text(el, 'message').includes('Your rating: 4'), 'confirmed');
    await sendMouse({ type: 'click', position: center(stars(el)[3]!) });
    await sleep(400);
    eq(s.votes.get('p/4')?.get('user-a'), 4, 'still 4');
    eq(changes, [{ subject: 'p/4', value: 4 }]);
    eq(s.writes().map((w) => w.method), ['PUT']);
  });

  it('a double click leaves the vote in place', async () => {
    const s = await setup();
    s.seed('p/dbl', [0, 0, 1, 0, 0]);
    const el = await mount('p/dbl');
    await loaded(el);
    await sendMouse({ type: 'move', position: center(stars(el)[4]!) });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'up' });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'up' });
    await until(() => text(el, 'message').startsWith('Your rating: 5'), 'saved');
    await sleep(200);
    eq(s.votes.get('p/dbl')?.get('user-a'), 5);
    eq(s.writes().map((w) => w.method), ['PUT'], 'one write');
    eq(stars(el)[4]!.getAttribute('aria-checked'), 'true');
  });

  it('fast re-votes send only the last value (pending writes to one subject collapse)', async () => {
    const s = await setup();
    s.seed('p/fast', [0, 0, 0, 0, 0]);
    const el = await mount('p/fast');
    await loaded(el);
    const changes = events(el, 'kith-change');
    for (const i of [0, 1, 2, 3, 4, 3]) {
      stars(el)[i]!.click();
      await sleep(20);
    }
    await until(() => text(el, 'message').startsWith('Your rating: 4'), 'saved');
    eq(changes.map((c) => c.value), [1, 2, 3, 4, 5, 4], 'every click is a user action');
    eq(s.writes().map((w) => [w.method, w.body]), [['PUT', { value: 4 }]]);
    eq(s.summary('p/fast').count, 1);
  });

  it('shows the own vote on the stars, distinct from the average, and the preview distinct from both', async () => {
    const s = await setup();
    s.seed('p/own', [0, 0, 0, 0, 4], { principal: 'user-a', value: 2 });
    const el = await mount('p/own');
    await until(() => text(el, 'message').includes('Your rating: 2'), 'own vote loaded');
    eq(owned(el), [true, true, false, false, false], 'own outline on stars 1–2');
    eq(fills(el), ['100%', '100%', '100%', '100%', '40%'], 'the fill stays the average (4.4)');
    const outline = (i: number) => getComputedStyle(stars(el)[i]!.querySelector('.outline')!).stroke;
    const fillOf = (i: number) => getComputedStyle(stars(el)[i]!.querySelector('.fill')!).fill;
    const averageColor = fillOf(3);
    ok(outline(0) != outline(3), 'own outline color differs from the plain outline');
    ok(outline(0) != averageColor, 'own color differs from the average color');
    await sendMouse({ type: 'move', position: center(stars(el)[2]!) });
    await until(() => previewing(el), 'preview');
    eq(fills(el), ['100%', '100%', '100%', '0%', '0%']);
    ok(fillOf(0) != averageColor, 'the preview is painted unlike the average');
    eq(owned(el), [true, true, false, false, false], 'and the own outline stays');
  });

  it('shows the vote at once, an honest pending state, then the server result and kith-saved', async () => {
    const s = await setup();
    s.seed('p/5', [0, 0, 2, 4, 4]);
    const el = await mount('p/5');
    await loaded(el);
    const saved = events(el, 'kith-saved');
    const changes = events(el, 'kith-change');
    s.latency = 400;
    stars(el)[4]!.click();
    eq(changes, [{ subject: 'p/5', value: 5 }], 'kith-change at once, on the user action');
    await until(() => text(el, 'message') == 'Saving…', 'pending');
    ok(el.matches(':state(pending)'));
    eq(text(el, 'count'), '4.3 · 11 ratings', 'optimistic count and average');
    eq(stars(el)[4]!.getAttribute('aria-checked'), 'true');
    eq(saved.length, 0, 'not saved before the server answers');
    await until(() => text(el, 'message').startsWith('Your rating: 5 stars'), 'confirmed');
    eq(saved, [{ subject: 'p/5', value: 5, summary: s.summary('p/5') }]);
    eq(text(el, 'count'), '4.3 · 11 ratings');
    ok(!el.matches(':state(pending)'));
  });

  it('removes the own vote with "Remove my rating" and keeps focus on the stars', async () => {
    const s = await setup();
    s.seed('p/6', [0, 0, 0, 0, 1], { principal: 'user-a', value: 3 });
    const el = await mount('p/6');
    await until(() => text(el, 'message').includes('Your rating: 3'), 'own vote loaded');
    const changes = events(el, 'kith-change');
    $(el, '[part=message] button').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => s.votes.get('p/6')?.has('user-a') === false, 'retracted');
    eq(changes, [{ subject: 'p/6', value: null }]);
    await el.updateComplete;
    ok(document.activeElement === el, 'focus stays in the widget');
    eq(el.shadowRoot!.activeElement, stars(el)[0], 'on the first star (the tab stop)');
  });

  it('rolls back with a message and kith-error reverted: true when the server refuses (403 guests_not_allowed)', async () => {
    const s = await setup({ token: null });
    s.seed('p/7', [0, 0, 0, 1, 0]);
    const el = await mount('p/7');
    await loaded(el);
    s.guests = false; // the policy changed after the page loaded
    const errors = events(el, 'kith-error');
    const saved = events(el, 'kith-saved');
    stars(el)[0]!.click();
    await until(() => text(el, 'message') == 'Sign in to rate.', 'message');
    eq(text(el, 'count'), '4 · 1 rating', 'rolled back');
    eq(stars(el)[0]!.getAttribute('aria-checked'), 'false');
    eq(errors.map((e) => [e.code, e.reverted]), [['guests_not_allowed', true]]);
    eq(saved.length, 0);
  });

  it('rolls back with a message on 422', async () => {
    const s = await setup();
    s.seed('p/8', [0, 0, 0, 1, 0]);
    s.fail('PUT', 'ratings/mine', { status: 422, code: 'idempotency_key_reused' });
    const el = await mount('p/8');
    await loaded(el);
    stars(el)[1]!.click();
    await until(() => text(el, 'message') == 'Your rating could not be saved.', 'message');
    eq(text(el, 'count'), '4 · 1 rating');
  });

  it('votes as a guest with a visitor token kept for later', async () => {
    const s = await setup({ token: null });
    s.seed('p/9', [0, 0, 0, 0, 0]);
    const el = await mount('p/9');
    await until(() => text(el, 'count') == 'No ratings yet', 'empty');
    stars(el)[2]!.click();
    await until(() => s.votes.get('p/9')?.get('guest-1') == 3, 'guest vote');
    eq(s.writes()[1]!.auth, 'Bearer guest-1');
  });

  it('readonly shows the summary but does not vote, and reads neither own votes nor the policy', async () => {
    const s = await setup();
    s.seed('p/11', [0, 0, 0, 2, 0]);
    const el = await mount('p/11', { readonly: '' });
    await loaded(el);
    const changes = events(el, 'kith-change');
    eq($(el, '[part=stars]').getAttribute('role'), 'img');
    eq($(el, '[part=stars]').getAttribute('aria-label'), '4 of 5 stars, 2 ratings');
    eq($$(el, '[role=radio]').length, 0);
    stars(el)[4]!.click();
    await sleep(400);
    eq(changes.length, 0);
    eq(s.writes().length, 0);
    eq(s.log.map((l) => l.path), ['ratings/batch']);
    el.readonly = false;
    await until(() => $$(el, '[role=radio]').length == 5, 'radios');
  });

  it('fires kith-change only on user action, not when code sets properties or data loads', async () => {
    const s = await setup();
    s.seed('q/1', [1, 0, 0, 0, 0], { principal: 'user-a', value: 2 });
    s.seed('q/2', [0, 1, 0, 0, 0]);
    const el = await mount('q/1');
    const changes = events(el, 'kith-change');
    await until(() => text(el, 'message').includes('Your rating'), 'loaded');
    el.subject = 'q/2';
    el.readonly = true;
    el.readonly = false;
    await until(() => text(el, 'count') == '2 · 1 rating', 'other subject loaded');
    await loaded(el);
    eq(changes.length, 0);
    stars(el)[0]!.click();
    eq(changes.length, 1);
  });

  it('asks the token function again when the server says token_expired', async () => {
    let calls = 0;
    const s = await setup({ token: () => `t-${++calls}` });
    s.expired.add('t-1');
    s.seed('p/12', [0, 0, 0, 0, 0]);
    const el = await mount('p/12');
    await loaded(el);
    stars(el)[3]!.click();
    await until(() => s.votes.get('p/12')?.get('t-2') == 4, 'voted with the fresh token');
    eq(calls, 2);
  });

  it('asks the token function once, not once per widget, when several calls learn it expired', async () => {
    let calls = 0;
    const s = await setup({ token: () => `t-${++calls}` });
    s.expired.add('t-1');
    s.seed('p/12a', [0, 1, 0, 0, 0], { principal: 't-2', value: 2 });
    s.seed('p/12b', [0, 0, 1, 0, 0], { principal: 't-2', value: 3 });
    const [a, b] = await Promise.all([mount('p/12a'), mount('p/12b')]);
    await until(() => text(a, 'message').includes('Your rating: 2') && text(b, 'message').includes('Your rating: 3'), 'own votes with the fresh token');
    eq(calls, 2);
  });

  it('keeps an offline vote pending and sends it once when back online', async () => {
    const s = await setup();
    s.seed('p/13', [0, 0, 0, 0, 0]);
    const el = await mount('p/13');
    await until(() => text(el, 'count') == 'No ratings yet', 'empty');
    s.fail('PUT', 'ratings/mine', 'network', 3);
    stars(el)[4]!.click();
    await until(() => text(el, 'message') == 'Will be sent when you are back online', 'offline state', 6000);
    eq(text(el, 'count'), '5 · 1 rating', 'still shown optimistically');
    dispatchEvent(new Event('online'));
    await until(() => text(el, 'message').startsWith('Your rating: 5'), 'sent');
    eq(new Set(s.writes().map((w) => w.key)).size, 1, 'one Idempotency-Key');
    eq(s.summary('p/13').count, 1, 'applied once');
  });

  it('says "trying again", not "offline", while the server answers 429 or 5xx, and then saves once', async () => {
    const s = await setup();
    s.seed('p/busy', [0, 0, 0, 0, 0]);
    const el = await mount('p/busy');
    await until(() => text(el, 'count') == 'No ratings yet', 'empty');
    s.fail('PUT', 'ratings/mine', { status: 429, code: 'rate_limited' }, 3);
    stars(el)[2]!.click();
    await until(() => text(el, 'message') == 'Not saved yet, trying again…', 'retrying state', 6000);
    await until(() => text(el, 'message').startsWith('Your rating: 3'), 'sent after the backoff', 15000);
    eq(new Set(s.writes().map((w) => w.key)).size, 1, 'one Idempotency-Key');
    eq(s.summary('p/busy').count, 1, 'applied once');
  }).timeout(20000);

  it('renders the saved summary first (stale-while-revalidate), then the server one', async () => {
    const s = await setup();
    s.seed('p/14', [0, 0, 0, 0, 3]);
    summaries.remember(sitePrefix(), { subject: 'p/14', average: 1, count: 7, histogram: [7, 0, 0, 0, 0] });
    await sleep(50);
    s.latency = 500;
    const el = await mount('p/14');
    await until(() => text(el, 'count') == '1 · 7 ratings', 'cached value');
    ok(!el.matches(':state(loaded)'), 'not yet the server data');
    await until(() => text(el, 'count') == '5 · 3 ratings', 'fresh value');
    ok(el.matches(':state(loaded)'));
  });

  it('defining kith-rating again does not throw', () => {
    KithRating.define('kith-rating');
    ok(customElements.get('kith-rating') === KithRating);
  });
});
