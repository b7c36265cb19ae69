// <kith-rating variant="inline">: one line of a table or a list; the stars are one slider.
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { eq, ok, until } from '../support/assert.js';
import { $, $$, loaded, mount, owned, setup, stars, text } from '../support/rating.js';

const slider = (el: Element) => $(el as never, '[part=stars]');

describe('<kith-rating variant="inline">', () => {
  afterEach(() => resetMouse());

  it('shows stars, average and count on one line, named like the card', async () => {
    const s = await setup();
    s.seed('in/1', [0, 0, 2, 4, 4]);
    const el = await mount('in/1', { variant: 'inline' });
    await loaded(el);
    eq(text(el, 'count'), '4.2 (10)');
    eq(slider(el).getAttribute('role'), 'slider');
    eq(slider(el).getAttribute('aria-label'), 'Rate this: 4.2 of 5 stars, 10 ratings');
    eq(slider(el).getAttribute('aria-valuetext'), 'Not rated by you');
    eq($$(el, '[role=radio]').length, 0);
    eq($$(el, '[part=chart]').length, 0, 'no chart in a table cell');
  });

  it('votes with the keyboard like a slider: End, Home, arrows from the own vote, digits', async () => {
    const s = await setup();
    s.seed('in/keys', [0, 0, 0, 0, 0]);
    const el = await mount('in/keys', { variant: 'inline' });
    await loaded(el);
    const values: (number | null)[] = [];
    el.addEventListener('kith-change', (e) => values.push(e.detail.value));
    slider(el).focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: '4' });
    eq(values, [5, 4, 1, 2, 4]);
    await until(() => s.votes.get('in/keys')?.get('user-a') == 4, 'the last value saved');
    const writes = s.writes();
    ok(writes.length <= 2 && writes.length < values.length, `steps faster than the outbox waits collapse: ${writes.length} writes for ${values.length} steps`);
    eq(writes.at(-1)!.body, { value: 4 }, 'the last value is the one sent last');
    await until(() => slider(el).getAttribute('aria-valuetext') == 'Your rating: 4 stars', 'value text');
    eq(slider(el).getAttribute('aria-valuenow'), '4');
    eq(owned(el), [true, true, true, true, false], 'own vote on the stars');
  });

  it('votes by pointer at the star under it, also above and below the stars, and a double click keeps it', async () => {
    const s = await setup();
    s.seed('in/pointer', [0, 0, 1, 0, 0]);
    const el = await mount('in/pointer', { variant: 'inline' });
    await loaded(el);
    const box = stars(el)[2]!.getBoundingClientRect();
    const x = Math.round(box.x + box.width / 2);
    await sendMouse({ type: 'move', position: [x, Math.round(box.y - 4)] });
    await until(() => $(el, '[part=stars]').classList.contains('preview'), 'preview from just above the stars');
    await sendMouse({ type: 'click', position: [x, Math.round(box.y + box.height / 2)] });
    await sendMouse({ type: 'click', position: [x, Math.round(box.y + box.height / 2)] });
    await until(() => s.votes.get('in/pointer')?.get('user-a') == 3, 'three stars');
    eq(s.writes().length, 1);
  });

  it('pending and refused votes show an icon on the line and announce their text', async () => {
    const s = await setup();
    s.seed('in/status', [0, 0, 0, 1, 0]);
    const el = await mount('in/status', { variant: 'inline' });
    await loaded(el);
    s.fail('PUT', 'ratings/mine', { status: 403, code: 'forbidden' });
    s.latency = 400;
    slider(el).focus();
    await sendKeys({ press: '2' });
    await until(() => text(el, 'message') == 'Saving…', 'pending announced');
    ok($(el, '[part=message] .icon'), 'and shown');
    eq($(el, '[part=message]').getAttribute('role'), 'status');
    await until(() => text(el, 'message') == 'You may not rate this.', 'refusal announced');
    eq($(el, '[part=message]').getAttribute('title'), 'You may not rate this.');
    eq(text(el, 'count'), '4 (1)', 'rolled back');
  });

  it('a failed load says so on the line, and Retry keeps focus on the stars', async () => {
    const s = await setup();
    s.seed('in/error', [0, 0, 0, 0, 1]);
    s.fail('GET', 'ratings/batch', 'network', 3);
    const el = await mount('in/error', { variant: 'inline' });
    await until(() => text(el, 'message').startsWith('Not loaded'), 'error on the line', 8000);
    eq(text(el, 'message'), 'Not loaded: Ratings could not be loaded.');
    $(el, 'button').focus();
    await sendKeys({ press: 'Enter' });
    await loaded(el);
    await el.updateComplete;
    eq(el.shadowRoot!.activeElement, slider(el), 'focus on the stars');
  });

  it('a guest where only members rate sees a lock (a link with sign-in-url) before any click', async () => {
    const s = await setup({ token: null });
    s.guests = false;
    s.seed('in/members', [0, 0, 0, 1, 0]);
    const el = await mount('in/members', { variant: 'inline', 'sign-in-url': '#login' });
    await loaded(el);
    const link = $(el, '[part=message] a') as HTMLAnchorElement;
    eq(link.getAttribute('href'), '#login');
    eq(link.textContent!.trim(), 'Sign in to rate');
    ok(link.getBoundingClientRect().width > 0, 'visible');
    eq(slider(el).getAttribute('aria-disabled'), 'true');
    eq(slider(el).getAttribute('aria-label'), 'Sign in to rate: 4 of 5 stars, 1 rating');
  });
});
