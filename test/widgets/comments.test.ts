// <kith-comments>: the thread as readers see it: comments, replies to three levels, "replying to", tombstones,
// badges, review stars, times, sorting, paging, more replies, and the elements each comment costs.
import { sendKeys } from '@web/test-runner-commands';
import { KithComments } from '../../src/widgets/comments/comments.component.js';
import { eq, ok, until } from '../support/assert.js';
import { $, $$, article, button, clean, loaded, mount, setup, shown } from '../support/comments.js';

describe('<kith-comments>', () => {
  it('renders threads newest first, replies under them in order, to three levels, then "replying to"', async () => {
    const { comments } = await setup();
    const first = comments.add('t/1', 'First!', { author: { name: 'Ada Lovelace' } });
    const r1 = comments.add('t/1', 'Reply one', { parent: first, author: { name: 'Bob' } });
    const r2 = comments.add('t/1', 'Reply two', { parent: r1, author: { name: 'Cy' } });
    const r3 = comments.add('t/1', 'Reply three', { parent: r2, author: { name: 'Di' } });
    const r4 = comments.add('t/1', 'Reply four', { parent: r3, author: { name: 'Ed' } });
    comments.add('t/1', 'Second', { author: { name: 'Flo' } });
    const el = await mount('t/1');
    await loaded(el);
    eq(shown(el), ['Flo: Second', 'Ada Lovelace: First!', 'Bob: Reply one', 'Cy: Reply two', 'Di: Reply three', 'Ed: Reply four']);
    eq([r1, r2, r3, r4].map((c) => article(el, c.id).className.match(/d\d/)![0]), ['d1', 'd2', 'd3', 'd3']);
    ok(clean(article(el, r4.id).querySelector('.meta')!.textContent).includes('replying to Di'), 'a fourth level says whom it answers');
    ok(!clean(article(el, r3.id).querySelector('.meta')!.textContent).includes('replying to'));
    eq(article(el, first.id).getAttribute('aria-label'), 'Comment by Ada Lovelace');
    eq(article(el, r1.id).getAttribute('aria-label'), 'Reply by Bob');
    eq(clean($(el, '.total').textContent), '6 comments');
    ok(el.matches(':state(loaded)') && !el.matches(':state(empty)'));
  });

  it('shows avatars (initials when there is no picture or it fails), badges, stars and times', async () => {
    const { comments } = await setup();
    const a = comments.add('t/2', 'Great', { author: { name: 'Grace Hopper', verified: true, avatar: 'https://127.0.0.1:1/missing.png' }, stars: 4 });
    const b = comments.add('t/2', 'Hm', { author: { name: 'Mo', moderator: true, verified: 'Bought in store' } });
    const c = comments.add('t/2', 'Hi', { author: { name: 'visitor', guest: true }, editedAt: '2026-11-30T11:00:00.000Z' });
    const el = await mount('t/2');
    await loaded(el);
    await until(() => article(el, a.id).querySelector('[part=avatar]')!.localName == 'span', 'a picture that fails falls back to initials');
    eq(clean(article(el, a.id).querySelector('[part=avatar]')!.textContent), 'GH');
    eq(clean(article(el, a.id).querySelector('[part=badge]')!.textContent), 'Verified buyer');
    eq(article(el, a.id).querySelector('.stars')!.getAttribute('aria-label'), 'Rated 4 out of 5');
    eq(article(el, a.id).querySelector('.stars')!.getAttribute('role'), 'img');
    eq(clean(article(el, b.id).querySelector('[part=badge]')!.textContent), 'Bought in store · Moderator');
    eq(clean(article(el, c.id).querySelector('[part=badge]')!.textContent), 'Guest');
    const time = article(el, a.id).querySelector('time')!;
    eq(time.getAttribute('datetime'), a.createdAt);
    ok(/ago|yesterday|last|now/.test(time.textContent!), time.textContent!);
    ok(time.title.includes(String(new Date(a.createdAt).getFullYear())), 'the exact time as its tooltip');
    const edited = article(el, c.id).querySelector('time.edited')!;
    eq(clean(edited.textContent), 'edited');
    ok(edited.getAttribute('title')!.startsWith('Edited '));
  });

  it('shows a deleted comment with replies as a tombstone', async () => {
    const { comments } = await setup();
    const gone = comments.add('t/3', 'to be deleted');
    comments.add('t/3', 'still here', { parent: gone });
    Object.assign(gone, { deleted: true, tree: null });
    const el = await mount('t/3');
    await loaded(el);
    eq(shown(el), ['Comment deleted', 'Ann Author: still here']);
    eq($$(el, '.tombstone [data-action]').length, 0, 'nothing to vote on or reply to');
  });

  it('sorts with a real select (newest, oldest, most helpful), by keyboard', async () => {
    const { comments, server } = await setup();
    comments.add('t/4', 'one', { up: 1 });
    comments.add('t/4', 'two', { up: 5 });
    comments.add('t/4', 'three');
    const el = await mount('t/4');
    await loaded(el);
    eq(shown(el).map((s) => s.split(': ')[1]), ['three', 'two', 'one']);
    const select = $(el, '[part=toolbar] select') as HTMLSelectElement;
    eq(clean(select.closest('label')!.textContent!.split('\n')[0]), 'Sort by');
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => shown(el)[0]!.endsWith('one'), 'oldest first');
    eq(el.sort, 'oldest');
    await sendKeys({ press: 'ArrowDown' });
    await until(() => shown(el)[0]!.endsWith('two'), 'most helpful first');
    eq(server.log.filter((l) => l.path == 'comments').length, 3);
  });

  it('draws a long thread in slices: a screenful in the first frame, the rest after it; updateComplete and :state(loaded) wait for all', async () => {
    const { comments } = await setup();
    for (let i = 0; i < 20; i++) {
      const root = comments.add('t/long', 'root ' + i);
      for (let j = 0; j < 9; j++) comments.add('t/long', `reply ${i}.${j}`, { parent: root });
    }
    const el = await mount('t/long');
    // The first frame that shows comments: a screenful of them (at least 16), not all 200.
    const first = await new Promise<number>((resolve) => {
      const look = () => ($$(el, '[part~=comment]').length ? resolve($$(el, '[part~=comment]').length) : requestAnimationFrame(look));
      look();
    });
    ok(first >= Math.max(16, Math.ceil(innerHeight / 48)) && first < 200, `first frame drew ${first} comments`);
    ok(!el.matches(':state(loaded)'), 'not loaded before every slice is drawn');
    await el.updateComplete;
    eq($$(el, '[part~=comment]').length, 200);
    ok(el.matches(':state(loaded)'));
    // The slices keep the order: newest thread first, so the oldest thread's last reply is last.
    eq(clean($$(el, '[part~=comment] .body').at(-1)!.textContent), 'reply 0.8');
  });

  it('pages with "Load more" (cursor) and brings further replies of a thread', async () => {
    const { comments } = await setup();
    comments.repliesPerThread = 2;
    const root = comments.add('t/5', 'root 0');
    for (let i = 1; i <= 4; i++) comments.add('t/5', 'reply ' + i, { parent: root });
    for (let i = 1; i <= 24; i++) comments.add('t/5', 'root ' + i);
    const el = await mount('t/5');
    await loaded(el);
    eq($$(el, '[part~=comment].d0').length, 20);
    const more = $(el, '.more-threads button');
    eq(clean(more.textContent), 'Load more comments');
    more.click();
    await until(() => $$(el, '[part~=comment].d0').length == 25, 'second page');
    ok(!$(el, '.more-threads'), 'no more pages');
    eq(clean(button(el, root.id, 'more-replies').textContent), 'Show 2 more replies');
    button(el, root.id, 'more-replies').focus();
    button(el, root.id, 'more-replies').click();
    await until(() => shown(el).filter((s) => s.includes('reply')).length == 4, 'all replies');
    ok(el.shadowRoot!.activeElement?.getAttribute('data-id'), 'focus on the first reply it brought, not <body>');
  });

  it('filters reviews by stars when the host sets stars, and offers the filter', async () => {
    const { comments, server } = await setup();
    comments.add('t/6', 'five', { stars: 5 });
    comments.add('t/6', 'two', { stars: 2 });
    const el = await mount('t/6', { stars: '5' });
    await loaded(el);
    eq(shown(el).map((s) => s.split(': ')[1]), ['five']);
    eq(server.log.find((l) => l.path == 'comments')!.subject, 't/6');
    const filter = $$(el, '[part=toolbar] select')[0] as HTMLSelectElement;
    eq(filter.value, '5');
    filter.value = '0';
    filter.dispatchEvent(new Event('change'));
    await until(() => shown(el).length == 2, 'all reviews');
  });

  it('costs at most 15 elements per comment, its text aside', async () => {
    const { comments } = await setup({ token: 'user-a' });
    const first = comments.add('t/7', 'x', { author: { name: 'A', verified: true, moderator: true }, stars: 3, editedAt: '2026-11-30T11:00:00.000Z', authorRef: 'user-a' });
    let parent = first;
    for (let i = 0; i < 4; i++) parent = comments.add('t/7', 'y', { parent, authorRef: 'user-a', author: { name: 'B', guest: true } });
    const el = await mount('t/7');
    await loaded(el);
    await until(() => $$(el, '[data-action=edit]').length == 5, 'own comments known');
    for (const node of $$(el, '[part~=comment]')) {
      const all = node.querySelectorAll('*').length + 1;
      const text = node.querySelector('.body')!.querySelectorAll('*').length;
      ok(all - text <= 15, `${all - text} elements`);
    }
  });

  it('a hostile comment renders inert in the shadow root: no script, no on* attribute, no javascript: link', async () => {
    const { comments } = await setup();
    comments.add('t/8', '', {
      tree: {
        type: 'root',
        children: [
          { type: 'paragraph', children: [{ type: 'text', value: '<script>alert(1)</script><img src=x onerror=alert(1)>' }] },
          { type: 'paragraph', children: [{ type: 'link', href: 'javascript:alert(1)', children: [{ type: 'text', value: 'x' }] }] },
        ],
      },
      author: { name: '<img src=x onerror=alert(1)>', avatar: 'javascript:alert(1)' },
    });
    const el = await mount('t/8');
    await loaded(el);
    const root = el.shadowRoot!;
    eq(root.querySelectorAll('script, img').length, 0);
    eq([...root.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)), []);
    eq([...root.querySelectorAll('[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href')!)).length, 0);
    ok(root.textContent!.includes('<script>alert(1)</script>'), 'shown as text');
  });

  it('defining kith-comments again does not throw', () => {
    KithComments.define('kith-comments');
    ok(customElements.get('kith-comments') === KithComments);
  });
});
