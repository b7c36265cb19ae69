// <kith-tag-cloud subject>: a subject's tags with counts, the viewer's own removable, the add field (an APG
// combobox: arrow keys, Enter, Escape, aria-activedescendant, the suggestion count announced), writes through
// the outbox (pending, refused and rolled back with the reason, offline then sent once), live updates.
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, announced, chips, events, field, key, loaded, message, mount, names, own, setup, type } from '../support/tags.js';

describe('<kith-tag-cloud subject>', () => {
  it('shows the subject’s tags with counts, most used first, and marks the viewer’s own', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/1', 'crm', 3);
    tags.tag('contact/1', 'lead', 1);
    tags.tag('contact/1', 'vip', ['user-a', 'seed-x']);
    const el = await mount({ subject: 'contact/1' });
    await loaded(el);
    await until(() => own(el).length, 'own tags');
    eq(chips(el), ['crm 3', 'vip 2', 'lead 1']);
    eq(names(el), ['crm, used 3 times', 'vip, used 2 times', 'lead, used 1 time']);
    eq(own(el), ['vip']);
    const remove = $(el, '[part~=own] [part=remove]') as HTMLButtonElement;
    eq(remove.tagName, 'BUTTON');
    eq(remove.getAttribute('aria-label'), 'Remove tag vip');
    eq($$(el, '[part=remove]').length, 1, 'only own tags are removable');
    eq(server.log.map((l) => l.path).sort(), ['tags/batch', 'tags/mine']);
    eq(server.log.find((l) => l.path == 'tags/batch')!.auth, null, 'the public read carries no credential');
  });

  it('reads the rest of a subject’s tags when it has more than the batch’s top 10', async () => {
    const { server, tags } = await setup();
    for (let i = 0; i < 12; i++) tags.tag('contact/many', 'tag' + String(i).padStart(2, '0'), 12 - i);
    const el = await mount({ subject: 'contact/many' });
    await until(() => chips(el).length == 12, 'all 12');
    ok(server.log.some((l) => l.path == 'tags' && l.method == 'GET'));
  });

  it('the field is a combobox: suggestions counted politely, arrows move aria-activedescendant, Enter adds, Escape closes', async () => {
    const { tags } = await setup();
    tags.tag('other/1', 'crm', 5);
    tags.tag('other/2', 'crumbs', 2);
    tags.tag('other/3', 'sales', 1);
    const el = await mount({ subject: 'contact/2' });
    await loaded(el);
    const input = await field(el);
    eq(input.getAttribute('role'), 'combobox');
    eq(input.getAttribute('aria-expanded'), 'false');
    eq(input.getAttribute('aria-controls'), 'suggestions');
    type(input, 'cr');
    await until(() => input.getAttribute('aria-expanded') == 'true', 'list open');
    const options = $$(el, '#suggestions [role=option]');
    eq(options.map((o) => o.textContent!.replace(/\s+/g, ' ').trim()), ['crm 5', 'crumbs 2']);
    await until(() => announced(el) == '2 suggestions', 'count announced');
    eq(input.hasAttribute('aria-activedescendant'), false, 'focus stays in the field, nothing highlighted yet');
    key(input, 'ArrowDown');
    await el.updateComplete;
    eq(input.getAttribute('aria-activedescendant'), 'suggestion-0');
    eq(options[0]!.getAttribute('aria-selected'), 'true');
    key(input, 'ArrowDown');
    await el.updateComplete;
    eq(input.getAttribute('aria-activedescendant'), 'suggestion-1');
    key(input, 'ArrowDown');
    await el.updateComplete;
    eq(input.getAttribute('aria-activedescendant'), 'suggestion-0', 'wraps around');
    key(input, 'ArrowUp');
    await el.updateComplete;
    eq(input.getAttribute('aria-activedescendant'), 'suggestion-1');
    key(input, 'Escape');
    await el.updateComplete;
    eq(input.getAttribute('aria-expanded'), 'false', 'Escape closes');
    eq(input.hasAttribute('aria-activedescendant'), false);
    eq(input.value, 'cr', 'and keeps the text');
    key(input, 'ArrowDown');
    await until(() => input.getAttribute('aria-expanded') == 'true', 'Down opens it again');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    await until(() => chips(el).includes('crm 1'), 'crm added');
    eq(input.value, '', 'the field is emptied');
    ok(el.shadowRoot!.activeElement == input, 'focus stays in the field');
    type(input, 'zzz');
    await until(() => announced(el) == 'No suggestions', 'none announced');
  });

  it('adds what was typed through the outbox: pending at once, one POST with an Idempotency-Key, kith-tag on confirmation', async () => {
    const { server } = await setup();
    const el = await mount({ subject: 'contact/3' });
    await loaded(el);
    const got = events(el, 'kith-tag');
    const input = await field(el);
    type(input, '  Big   Deal , follow-up ');
    key(input, 'Enter');
    await until(() => chips(el).length == 2, 'shown at once');
    ok(el.matches(':state(pending)'), 'pending');
    ok($(el, '.adding'), 'a pending tag looks pending');
    eq(message(el), 'Saving…');
    await until(() => got.length == 2, 'confirmed');
    eq(server.writes().map((w) => [w.method, (w.body as { tag: string }).tag]), [
      ['POST', 'Big Deal'],
      ['POST', 'follow-up'],
    ]);
    ok(server.writes().every((w) => w.key), 'Idempotency-Key');
    eq(got[0], { subject: 'contact/3', tag: 'Big Deal', key: 'big deal', action: 'added', items: got[0].items });
    await until(() => !el.matches(':state(pending)'), 'saved');
    eq(own(el).sort(), ['big deal', 'follow-up']);
  });

  it('a double click on remove removes once; focus goes to the field; kith-tag says removed', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/4', 'crm', ['user-a', 'seed-1']);
    const el = await mount({ subject: 'contact/4' });
    await until(() => own(el).length == 1, 'own');
    await field(el);
    const got = events(el, 'kith-tag');
    const remove = $(el, '[part=remove]') as HTMLButtonElement;
    remove.focus();
    remove.click();
    remove.click();
    await until(() => got.length == 1, 'confirmed');
    eq(server.writes().length, 1, 'one DELETE');
    eq(got[0].action, 'removed');
    eq(chips(el), ['crm 1']);
    ok(el.shadowRoot!.activeElement?.matches('input'), 'focus in the field, not on <body>');
    // Adding the same tag twice quickly sends it once.
    const input = await field(el);
    type(input, 'crm');
    key(input, 'Enter');
    type(input, 'CRM');
    key(input, 'Enter');
    await until(() => own(el).length == 1 && !el.matches(':state(pending)'), 'added back');
    await sleep(400);
    eq(server.writes().filter((w) => w.method == 'POST').length, 1, 'one POST');
  });

  it('a refused tag (invalid_tag too_long) is rolled back with the reason, and kith-error says reverted', async () => {
    await setup();
    const el = await mount({ subject: 'contact/5' });
    await loaded(el);
    const errors = events(el, 'kith-error');
    const input = await field(el);
    type(input, 'x'.repeat(52));
    key(input, 'Enter');
    await until(() => errors.length == 1, 'refused');
    eq(errors[0].code, 'invalid_tag');
    eq(errors[0].reverted, true);
    eq(errors[0].message, 'A tag has at most 40 characters.');
    await until(() => message(el) == 'A tag has at most 40 characters.', 'said on screen');
    eq(chips(el), [], 'rolled back');
    ok(el.matches(':state(empty)'));
  });

  it('a restricted tag is refused with its name', async () => {
    const { tags } = await setup();
    tags.restricted.add('approved');
    const el = await mount({ subject: 'contact/6' });
    await loaded(el);
    const errors = events(el, 'kith-error');
    const input = await field(el);
    type(input, 'approved');
    key(input, 'Enter');
    await until(() => errors.length == 1, 'refused');
    eq(errors[0].code, 'tag_restricted');
    await until(() => message(el) == 'Only moderators may apply the tag “approved”.', 'said');
    eq(chips(el), []);
  });

  it('a guest on a members-only site is told to sign in before acting: no field, a sign-in link', async () => {
    const { server, tags } = await setup({ token: null, signInUrl: '/login' });
    server.guests = false;
    tags.tag('contact/7', 'crm', 2);
    const el = await mount({ subject: 'contact/7' });
    await until(() => el.matches(':state(sign-in)'), 'sign-in state');
    eq(message(el), 'Sign in to tag.');
    eq($(el, '[part=message] a')!.getAttribute('href'), '/login');
    ok(!$(el, 'input'), 'no field to type into first');
    eq(chips(el), ['crm 2'], 'the tags are still shown');
    const signIns = events(el, 'kith-sign-in');
    el.addEventListener('kith-sign-in', (event) => event.preventDefault());
    eq(await el.applyTag('x'), false, 'a drop or Tag another record… does not tag either');
    eq(signIns, [{ subject: 'contact/7', url: '/login' }], 'the page may open its own sign-in');
    eq(server.writes(), []);
  });

  it('offline: the tag is kept pending, then sent once when back online', async () => {
    const { server } = await setup();
    const el = await mount({ subject: 'contact/8' });
    await loaded(el);
    const input = await field(el);
    server.fail('POST', 'tags', 'network', 1); // a POST is not retried by ky: one failure, then the outbox waits for `online`
    type(input, 'offline-tag');
    key(input, 'Enter');
    await until(() => message(el) == 'Will be sent when you are back online', 'offline state', 6000);
    eq(chips(el), ['offline-tag 1'], 'still shown');
    dispatchEvent(new Event('online'));
    await until(() => !el.matches(':state(pending)') && own(el).length == 1, 'sent');
    eq(new Set(server.writes().map((w) => w.key)).size, 1, 'one Idempotency-Key');
    eq(chips(el), ['offline-tag 1'], 'applied once');
  });

  it('follows others’ tagging live, after the first paint, unless no-live', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/9', 'crm', 1);
    const el = await mount({ subject: 'contact/9' });
    await loaded(el);
    await until(() => server.live.some((s) => s.url.searchParams.getAll('subjects').includes('contact/9')), 'stream open');
    server.push('tags', { subject: 'contact/9', items: [{ tag: 'crm', key: 'crm', count: 2 }, { tag: 'new', key: 'new', count: 1 }] });
    await until(() => chips(el).join() == 'crm 2,new 1', 'live update');
    const quiet = await mount({ subject: 'contact/9b', 'no-live': '' });
    await loaded(quiet);
    await sleep(100);
    ok(!server.live.some((s) => s.url.searchParams.getAll('subjects').includes('contact/9b')), 'no-live opens nothing');
  });
});
