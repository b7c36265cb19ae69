// <kith-id-card>: opening and closing as WCAG 2.2 1.4.13 asks (hover intent, focus, Alt+ArrowDown, Escape, grace,
// close button, tap), never over its trigger, in the top layer; one batch request and one cache; no request and no
// popover for 500 cards until one is reached for; `for`, `loader`, the layout; every state, named as shown.
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { configure } from '../../src/core/config.js';
import { axe, eq, ok, sleep, until } from '../support/assert.js';
import { emulateMedia, resetMedia } from '../support/media.js';
import { $, $$, clean, closed, events, fields, isOpen, loaded, message, mount, opened, pointAt, popover, setup } from '../support/cards.js';

const ADA = { name: 'Ada Lovelace', title: 'Analyst', company: 'Engines Ltd', email: 'ada@example.com', phone: '+44 20 7946 0018', url: 'https://crm.example.com/c/1', fields: { Region: 'EMEA', On_leave: false, Accounts: 1200 } };

/** Rects overlap (by more than a rounding pixel). */
const shiftTab = async () => {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
};

const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

describe('<kith-id-card>', () => {
  beforeEach(async () => {
    await resetMouse();
    document.documentElement.style.removeProperty('--kith-id-card-delay');
  });
  afterEach(async () => {
    await resetMouse();
    await resetMedia();
    await setViewport({ width: 800, height: 600 });
  });

  it('500 cards on a list page: no request and no popover until one is reached for, then one request', async () => {
    const { server, cards } = await setup();
    cards.cards.set('contact/7', ADA);
    const list = document.createElement('div');
    list.className = 'test-box';
    list.innerHTML = Array.from({ length: 500 }, (_, i) => `<p><kith-id-card subject="contact/${i}"><a href="#c${i}">Contact ${i}</a></kith-id-card></p>`).join('');
    document.body.append(list);
    const all = [...list.querySelectorAll('kith-id-card')];
    await Promise.all(all.map((card) => card.updateComplete));
    await sleep(300);
    eq(server.log.length, 0, 'no request');
    eq(all.filter((card) => card.shadowRoot!.querySelector('[popover]')).length, 0, 'no popover');
    document.documentElement.style.setProperty('--kith-id-card-delay', '200ms');
    const seventh = all[7]!;
    seventh.scrollIntoView({ block: 'center' });
    await pointAt(seventh.querySelector('a')!);
    await opened(seventh);
    await loaded(seventh);
    eq(server.log.map((l) => `${l.path} ${l.subjects.join(',')}`), ['cards/batch contact/7']);
    eq(all.filter((card) => card.shadowRoot!.querySelector('[popover]')).length, 1, 'one popover');
  });

  it('hover intent: a pointer passing over opens nothing; resting for the delay opens it beside the trigger, not over it', async () => {
    const { server, cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1', style: '--kith-id-card-delay: 300ms' });
    const opens = events(el, 'kith-card-open');
    const link = el.querySelector('a')!;
    await pointAt(link);
    await sleep(60);
    await sendMouse({ type: 'move', position: [5, 500] });
    await sleep(400);
    ok(!isOpen(el), 'not opened by passing over');
    eq(opens.length, 0);
    await pointAt(link);
    await sleep(100);
    ok(!isOpen(el), 'not before the delay');
    await opened(el);
    eq(opens, [{ subject: 'contact/1', reason: 'hover' }]);
    await loaded(el);
    ok(!overlaps(popover(el).getBoundingClientRect(), link.getBoundingClientRect()), 'not over the trigger');
    eq(link.getAttribute('aria-expanded'), 'true');
    eq(link.getAttribute('aria-haspopup'), 'dialog');
    eq(link.getAttribute('aria-keyshortcuts'), 'Alt+ArrowDown');
    eq(server.log.length, 1);
    // A click on the trigger reaches the link.
    let clicked = 0;
    link.addEventListener('click', (event) => (event.preventDefault(), clicked++));
    const box = link.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + 5), Math.round(box.top + box.height / 2)] });
    eq(clicked, 1, 'the click reached the link');
  });

  it('hoverable and persistent: stays while the pointer travels into the card, closes after the grace period', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1', style: '--kith-id-card-delay: 100ms; --kith-id-card-grace: 300ms' });
    const closes = events(el, 'kith-card-close');
    await pointAt(el.querySelector('a')!);
    await opened(el);
    await loaded(el);
    await pointAt(popover(el));
    await sleep(500);
    ok(isOpen(el), 'open while the pointer is on the card');
    await sendMouse({ type: 'move', position: [790, 590] });
    await sleep(100);
    ok(isOpen(el), 'still open within the grace period');
    await closed(el);
    eq(closes, [{ subject: 'contact/1' }]);
    eq(el.querySelector('a')!.getAttribute('aria-expanded'), 'false');
  });

  it('keyboard: focus opens it at once without moving focus; Alt+ArrowDown moves into it; Escape closes and returns; Tab away closes', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const before = document.createElement('button');
    before.textContent = 'before';
    before.className = 'test-box';
    document.body.prepend(before);
    const el = await mount({ subject: 'contact/1' });
    const after = document.createElement('button');
    after.textContent = 'after';
    after.className = 'test-box';
    document.body.append(after);
    before.focus();
    await sendKeys({ press: 'Tab' });
    const link = el.querySelector('a')!;
    eq(document.activeElement, link, 'focus stays on the trigger');
    await opened(el);
    await loaded(el);
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ up: 'Alt' });
    await until(() => el.shadowRoot!.activeElement == popover(el), 'focus in the card');
    await axe(el);
    await sendKeys({ press: 'Tab' });
    eq(el.shadowRoot!.activeElement, $(el, '.close'), 'Tab moves through the card: its close button first');
    await sendKeys({ press: 'Escape' });
    await closed(el);
    eq(document.activeElement, link, 'focus back on the trigger, not <body>');
    ok(!isOpen(el), 'focus coming back does not open it again');
    // Focus again (Shift+Tab, Tab), then Tab away: past the card (its links are not in the way of a keyboard
    // user going down a list), and it closes.
    await shiftTab();
    await sendKeys({ press: 'Tab' });
    await opened(el);
    await loaded(el);
    await sendKeys({ press: 'Tab' });
    eq(document.activeElement, after, 'Tab goes past the card');
    await closed(el);
  });

  it('dismissable: Escape from anywhere while hovered, and the visible close button', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1', style: '--kith-id-card-delay: 50ms' });
    await pointAt(el.querySelector('a')!);
    await opened(el);
    await sendKeys({ press: 'Escape' });
    await closed(el);
    el.show();
    await opened(el);
    const close = $(el, '.close');
    eq(close.getAttribute('aria-label'), 'Close card');
    const box = close.getBoundingClientRect();
    ok(box.width >= 24 && box.height >= 24, `close button ${box.width}×${box.height}`);
    await pointAt(close);
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await closed(el);
  });

  it('touch: the first tap opens the card instead of following the link; a second tap follows it', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1' });
    const link = el.querySelector('a')!;
    const tap = () => link.dispatchEvent(new PointerEvent('click', { pointerType: 'touch', bubbles: true, cancelable: true, composed: true }));
    ok(!tap(), 'the first tap did not follow the link');
    await opened(el);
    const followed = tap();
    ok(followed, 'the second tap follows the link');
  });

  it('the top layer: an overflow: hidden, z-index container cannot clip or cover it', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    const box = document.createElement('div');
    box.className = 'test-box';
    box.style.cssText = 'position: relative; z-index: 1; overflow: hidden; height: 30px; width: 150px; margin-top: 40px';
    const cover = document.createElement('div');
    cover.className = 'test-box';
    cover.style.cssText = 'position: fixed; inset: 0; z-index: 2147483647; pointer-events: none; background: rgb(255 0 0 / 0.1)';
    document.body.append(box, cover);
    const el = await mount({ subject: 'contact/1' }, undefined, box);
    el.show();
    await opened(el);
    await loaded(el);
    const card = popover(el).getBoundingClientRect();
    ok(card.bottom > box.getBoundingClientRect().bottom + 20, 'reaches out of the clipping box');
    cover.style.pointerEvents = 'auto';
    const hit = document.elementFromPoint(card.left + card.width / 2, card.bottom - 10);
    ok(hit == el, `the card is on top of the page (the hit lands in the widget, not ${hit?.nodeName})`);
    cover.remove();
  });

  it('cards reached in one task share one batch request; a card read once opens without another', async () => {
    const { server, cards } = await setup();
    cards.cards.set('contact/1', ADA);
    cards.cards.set('contact/2', { name: 'Grace Hopper' });
    const one = await mount({ subject: 'contact/1' });
    const two = await mount({ subject: 'contact/2' }, '<a href="#g">Grace</a>');
    one.show();
    two.show();
    ok(!one.open && two.open, 'one card open at a time');
    one.show();
    await loaded(one);
    await loaded(two);
    eq(server.log.map((l) => `${l.path} ${[...l.subjects].sort().join(',')}`), ['cards/batch contact/1,contact/2']);
    one.hide();
    two.hide();
    // Another card of the same subject elsewhere on the page: the page's cache answers.
    const again = await mount({ subject: 'contact/1' }, '<a href="#a">A. Lovelace</a>');
    again.show();
    await loaded(again);
    eq(clean($(again, 'h2').textContent), 'Ada Lovelace');
    eq(server.log.length, 1, 'no second request');
  });

  it('the layout: its first field is the title, the others in order with labels; a narrow screen shows 4', async () => {
    const { cards } = await setup();
    cards.cards.set('contact/1', ADA);
    cards.layouts.set('contact/', ['name', 'title', 'company', 'email', 'phone', 'fields.Region', 'fields.On_leave']);
    cards.server.seed('contact/1', [0, 0, 1, 1, 2]);
    cards.summaries.set('contact/1', { rating: { average: 4.25, count: 4 }, comments: 3, tags: [{ tag: 'vip', key: 'vip', count: 2 }] });
    const el = await mount({ subject: 'contact/1' });
    el.show();
    await loaded(el);
    eq(clean($(el, 'h2').textContent), 'Ada Lovelace');
    eq(fields(el), ['Job title: Analyst', 'Company: Engines Ltd', 'Email: ada@example.com', 'Phone: +44 20 7946 0018', 'Region: EMEA', 'On leave: No']);
    eq($(el, 'dd a[href^=mailto]').getAttribute('href'), 'mailto:ada@example.com');
    eq($(el, 'dd a[href^=tel]').getAttribute('href'), 'tel:+442079460018');
    eq(clean($(el, '[part=summary]').textContent), '4.3 of 5 stars, 4 ratings 3 comments Tags: vip');
    eq(popover(el).getAttribute('role'), 'dialog');
    eq(popover(el).getAttribute('aria-labelledby'), 'title');
    await axe(el);
    el.hide();
    await setViewport({ width: 320, height: 640 });
    el.show();
    await opened(el);
    eq(fields(el), ['Job title: Analyst', 'Company: Engines Ltd', 'Email: ada@example.com'], 'the first 4 fields, the title among them');
    const card = popover(el).getBoundingClientRect();
    ok(card.left >= 0 && card.right <= 320, `inside a 320 px viewport: ${card.left}–${card.right}`);
  });

  it('for="id": attached to an element elsewhere in the same root', async () => {
    const { server, cards } = await setup();
    cards.cards.set('account/9', { name: 'Acme Industries', phone: '+1 555 0100' });
    const row = document.createElement('div');
    row.className = 'test-box';
    row.innerHTML = '<span id="acme-name" style="display:inline-block;margin:40px">Acme</span>';
    document.body.append(row);
    const el = await mount({ subject: 'account/9', for: 'acme-name', style: '--kith-id-card-delay: 50ms' }, '');
    const name = row.querySelector('span')!;
    eq(name.getAttribute('tabindex'), '0', 'a text trigger is made focusable');
    eq(name.getAttribute('aria-haspopup'), 'dialog');
    await pointAt(name);
    await opened(el);
    await loaded(el);
    eq(clean($(el, 'h2').textContent), 'Acme Industries');
    ok(!overlaps(popover(el).getBoundingClientRect(), name.getBoundingClientRect()));
    eq(server.log.length, 1);
    el.remove();
    ok(!name.hasAttribute('aria-haspopup') && !name.hasAttribute('tabindex'), 'the trigger is given back as it was');
  });

  it('loader: the page supplies the profile, the server adds the summary; a failing loader shows an error with Retry', async () => {
    const { server, cards } = await setup();
    cards.summaries.set('person/5', { rating: { average: 0, count: 0 }, comments: 2, tags: [] });
    const el = await mount({ subject: 'person/5' });
    let calls = 0;
    el.loader = async (subject) => {
      calls++;
      if (calls == 1) throw new Error('directory down');
      return { name: 'Katherine Johnson', title: 'Mathematician', fields: { Missions: 3 } };
    };
    const errors = events(el, 'kith-error');
    el.show();
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'This card could not be loaded. Retry');
    eq(errors.map((e) => e.code), ['loader_failed']);
    await axe(el);
    $(el, '[part=message] button').click();
    await loaded(el);
    eq(clean($(el, 'h2').textContent), 'Katherine Johnson');
    eq(clean($(el, '[part=summary]').textContent), 'No ratings yet 2 comments');
    ok(server.log.every((l) => l.path == 'cards/batch'));
  });

  it('context: a Kith user\'s card says how they relate to the page\'s subject', async () => {
    const { server, cards } = await setup();
    cards.cards.set('user/ada', { name: 'Ada Lovelace' });
    cards.contexts.set('user/ada', { rated: 4, comments: 3, tags: ['crm', 'vip'] });
    cards.contexts.set('user/bob', { rated: null, comments: 1, tags: [] });
    const ada = await mount({ subject: 'user/ada', context: 'product/42' });
    const bob = await mount({ subject: 'user/bob', context: 'product/42' }, '<a href="#b">Bob</a>');
    const carol = await mount({ subject: 'user/carol' }, '<a href="#c">Carol</a>');
    ada.show();
    bob.show();
    carol.show();
    await Promise.all([loaded(ada), loaded(bob), loaded(carol)]);
    const lines = (el: HTMLElement) => $$(el as never, '[part=context] li').map((li) => clean(li.textContent));
    eq(lines(ada), ['Rated this 4 stars', 'Commented 3 times here', 'Tagged this: crm, vip']);
    eq(lines(bob), ['Commented once here']);
    ok(!$(carol, '[part=context]'), 'no context asked, no lines');
    // A card with context lines is read through the single card route (they are not saved for the next page);
    // one without, through the batch.
    eq(server.log.map((l) => `${l.path} ${[...l.subjects].join(',')}`).sort(), ['cards user/ada', 'cards user/bob', 'cards/batch user/carol']);
    await axe(ada);
  });

  it('a trigger that arrives after the widget was connected (a page still being parsed) is found', async () => {
    await setup();
    const el = await mount({ subject: 'contact/1' }, '');
    ok($(el, '[part=trigger]'), 'nothing focusable yet: a drawn trigger');
    const link = document.createElement('a');
    link.href = '#ada';
    link.textContent = 'Ada Lovelace';
    el.append(link);
    await until(() => link.getAttribute('aria-haspopup') == 'dialog' && !$(el, '[part=trigger]'), 'the link is the trigger, no button around it');
  });

  it('loader without a site: the profile alone, no error', async () => {
    await setup({ site: '' });
    const el = await mount({ subject: 'person/6' });
    el.loader = (subject) => ({ name: 'From the page ' + subject });
    el.show();
    await loaded(el);
    eq(clean($(el, 'h2').textContent), 'From the page person/6');
    ok(!$(el, '[part=summary]') && !$(el, '[part=message]'));
  });
});

describe('<kith-id-card> states', () => {
  afterEach(() => resetMedia());

  it('loading: a skeleton named “Loading card…” and busy; then the card', async () => {
    const { server, cards } = await setup();
    cards.cards.set('contact/1', ADA);
    server.latency = 400;
    const el = await mount({ subject: 'contact/1' });
    el.show();
    await opened(el);
    ok(el.matches(':state(loading)'));
    eq(popover(el).getAttribute('aria-busy'), 'true');
    eq(clean($(el, '#title').textContent), 'Loading card…');
    ok($$(el, '.bone').length >= 3, 'a skeleton');
    const height = popover(el).getBoundingClientRect().height;
    await axe(el);
    await loaded(el);
    eq(popover(el).getAttribute('aria-busy'), 'false');
    ok(Math.abs(popover(el).getBoundingClientRect().height - height) < 120, 'about the same size');
  });

  it('error: says what failed, in the card, with a Retry that works; no card is a state of its own', async () => {
    const { server } = await setup();
    server.fail('GET', 'cards/batch', { status: 503, code: 'unavailable' }, 3);
    const el = await mount({ subject: 'contact/none' });
    const errors = events(el, 'kith-error');
    el.show();
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'This card could not be loaded. Retry');
    eq(clean($(el, 'h2').textContent), 'Ada Lovelace', 'titled with what the user pointed at');
    eq(errors.map((e) => e.code), ['unavailable']);
    await axe(el);
    const retry = $(el, '[part=message] button');
    retry.focus();
    retry.click();
    await loaded(el);
    eq(clean($(el, '.body').textContent), 'No profile on file. No ratings yet 0 comments');
    ok(el.shadowRoot!.activeElement, 'focus stays in the card');
  });

  it('not set up, and a subject that is not valid: said, without Retry', async () => {
    await setup({ site: '' });
    const el = await mount({ subject: 'contact/1' });
    el.show();
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'Kith is not set up on this page: the script tag has no data-site.');
    el.remove();
    const { server } = await setup();
    const bad = await mount({ subject: '' }, '<a href="#x">X</a>');
    bad.show();
    await until(() => bad.matches(':state(error)'), 'error');
    eq(message(bad), 'This card’s subject is not valid.');
    eq(server.log.length, 0);
  });

  it('origin not allowed: names the origin', async () => {
    const { server } = await setup();
    server.fail('GET', 'cards/batch', { status: 403, code: 'origin_not_allowed' });
    const el = await mount({ subject: 'contact/1' });
    el.show();
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), `This page (${location.origin}) may not use site ${server.site}.`);
  });

  it('a text trigger (no link) is made focusable as a button; dark and forced colors keep it readable', async () => {
    const { cards } = await setup({ theme: 'dark' });
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1' }, 'A. Lovelace');
    const trigger = $(el, '[part=trigger]');
    eq(trigger.getAttribute('role'), 'button');
    eq(trigger.tabIndex, 0);
    eq(trigger.getAttribute('aria-haspopup'), 'dialog');
    const before = document.createElement('button');
    before.textContent = 'before';
    before.className = 'test-box';
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    ok(el.shadowRoot!.activeElement == trigger, `the drawn trigger takes focus, not ${document.activeElement?.outerHTML.slice(0, 80)} / ${el.shadowRoot!.activeElement?.outerHTML.slice(0, 80)}`);
    await opened(el);
    await loaded(el);
    const style = getComputedStyle(popover(el));
    eq(style.backgroundColor, 'rgb(31, 32, 35)', 'dark surface');
    await axe(el);
    await emulateMedia([{ name: 'forced-colors', value: 'active' }]);
    const forced = getComputedStyle(popover(el));
    ok(forced.borderTopStyle == 'solid' && forced.borderTopWidth != '0px', 'a border in forced colors');
    configure({ theme: 'auto' });
  });

  it('right to left: the card is mirrored and says so', async () => {
    const { cards } = await setup({ lang: 'ar' });
    cards.cards.set('contact/1', ADA);
    const el = await mount({ subject: 'contact/1' });
    el.show();
    await loaded(el);
    eq(popover(el).getAttribute('dir'), 'rtl');
    eq($(el, '.close').getAttribute('aria-label'), 'إغلاق البطاقة');
    configure({ lang: 'en' });
  });

  it('kith-card-open is cancelable: the page keeps it closed', async () => {
    const { server } = await setup();
    const el = await mount({ subject: 'contact/1' });
    el.addEventListener('kith-card-open', (event) => event.preventDefault());
    el.show();
    await sleep(100);
    ok(!isOpen(el) && !el.open);
    void server;
  });
});
