// <kith-comments> live: others' comments arrive in place when nothing moves under the reader, else behind
// "N new comments"; replies under their parent; edits, deletions, votes and the count in place; one polite
// announcement; focus never taken; a reset reloads.
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, article, clean, focused, loaded, mount, setup, shown } from '../support/comments.js';
import type { Comment } from '../../src/widgets/comments/comments.data.js';
import { tree } from '../support/comments.js';

const other = (id: string, text: string, extra: Partial<Comment> = {}): Comment => ({
  id,
  parentId: null,
  rootId: id,
  depth: 0,
  author: { name: 'Olga' },
  tree: tree(text),
  status: 'approved',
  createdAt: new Date().toISOString(),
  up: 0,
  down: 0,
  ...extra,
});

const announced = (el: HTMLElement) => clean(el.shadowRoot!.querySelector('[aria-live]')!.textContent);

describe('<kith-comments> live', () => {
  afterEach(() => {
    document.querySelectorAll('.spacer').forEach((s) => s.remove());
    scrollTo(0, 0);
  });

  it('puts a new comment first when the reader is at the top, announces it politely, keeps focus', async () => {
    const { server, comments } = await setup();
    comments.add('l/1', 'old');
    comments.add('l/1', 'older');
    const el = await mount('l/1');
    await loaded(el);
    await until(() => server.live.some((s) => s.url.searchParams.getAll('subjects').includes('l/1')), 'stream open');
    const select = $(el, '[part=toolbar] select');
    select.focus();
    comments.emit('comment', { subject: 'l/1', action: 'created', comment: other('x1', 'fresh') });
    await until(() => shown(el)[0] == 'Olga: fresh', 'inserted first');
    await until(() => announced(el) == '1 new comment', 'announced');
    eq(focused(el), select, 'focus stays where the reader is');
    ok(!$(el, '.incoming'), 'no button needed');
  });

  it('collects new comments behind "N new comments" when the reader has scrolled into the list', async () => {
    const { server, comments } = await setup();
    for (let i = 0; i < 6; i++) comments.add('l/2', 'comment ' + i);
    const el = await mount('l/2');
    document.body.append(Object.assign(document.createElement('div'), { className: 'spacer', style: 'height: 3000px' }));
    await loaded(el);
    await until(() => server.live.length, 'stream open');
    scrollTo(0, el.getBoundingClientRect().top + scrollY + 300);
    const before = article(el, comments.comments[5]!.id).getBoundingClientRect().top;
    comments.emit('comment', { subject: 'l/2', action: 'created', comment: other('x2', 'one') });
    comments.emit('comment', { subject: 'l/2', action: 'created', comment: other('x3', 'two') });
    await until(() => clean($(el, '.incoming')?.textContent) == '2 new comments', 'the button');
    await until(() => announced(el) == '2 new comments', 'announced');
    eq(shown(el).length, 6, 'nothing inserted above the reader');
    ok(Math.abs(article(el, comments.comments[5]!.id).getBoundingClientRect().top - before) < 1, 'nothing moved under the reader');
    $(el, '.incoming').click();
    await until(() => shown(el).length == 8, 'shown');
    eq(shown(el).slice(0, 2), ['Olga: two', 'Olga: one']);
    eq(focused(el), article(el, 'x3'), 'focus on the first new comment, not <body>');
  });

  it('puts replies under their parent; edits, deletions, votes and the count change in place', async () => {
    const { server, comments } = await setup();
    const parent = comments.add('l/3', 'parent');
    const second = comments.add('l/3', 'second');
    const el = await mount('l/3');
    await loaded(el);
    await until(() => server.live.length, 'stream open');
    comments.emit('comment', { subject: 'l/3', action: 'created', comment: other('r1', 'a reply', { parentId: parent.id, rootId: parent.id, depth: 1 }) });
    await until(() => article(el, 'r1'), 'reply shown');
    eq(article(el, 'r1').previousElementSibling?.getAttribute('data-id'), parent.id);
    comments.emit('comment', { subject: 'l/3', action: 'edited', comment: { ...comments.public(second), tree: tree('second, edited'), editedAt: new Date().toISOString() } });
    await until(() => shown(el).includes('Ann Author: second, edited'), 'edited in place');
    comments.emit('comment-vote', { subject: 'l/3', id: parent.id, up: 7, down: 1 });
    await until(() => clean($(el, `[data-id="${parent.id}"] [data-action=up]`).textContent) == '▲ 7', 'votes');
    comments.emit('comment', { subject: 'l/3', action: 'deleted', comment: { ...comments.public(second), tree: null, deleted: true } });
    await until(() => !article(el, second.id), 'deleted without replies: gone');
    comments.emit('comment-count', { subject: 'l/3', count: 42 });
    await until(() => clean($(el, '.total').textContent) == '42 comments', 'count');
    comments.emit('comment', { subject: 'other/subject', action: 'created', comment: other('zz', 'elsewhere') });
    await sleep(100);
    ok(!article(el, 'zz'), 'other subjects are not shown');
  });

  it('a reset reloads the thread', async () => {
    const { server, comments } = await setup();
    comments.add('l/4', 'before');
    const el = await mount('l/4');
    await loaded(el);
    await until(() => server.live.length, 'stream open');
    comments.add('l/4', 'missed while away');
    comments.emit('reset', {});
    await until(() => shown(el)[0] == 'Ann Author: missed while away', 'reloaded');
  });

  it('the viewer’s own comment arriving live is not shown twice', async () => {
    const { server, comments } = await setup();
    const el = await mount('l/5');
    await loaded(el);
    await until(() => server.live.length, 'stream open');
    const field = el.shadowRoot!.querySelector<HTMLTextAreaElement>('#composer-new-text')!;
    field.value = 'mine';
    field.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=composer] [type=submit]')!.click();
    const seen = new Set<string>();
    const watch = setInterval(() => seen.add(shown(el).join(' | ')), 10);
    await until(() => shown(el)[0] == 'User user-a: mine' && !$(el, '[part=status]'), 'posted');
    await sleep(200);
    clearInterval(watch);
    eq(shown(el), ['User user-a: mine']);
    ok(![...seen].some((line) => line.split(' | ').length > 1), `never twice, even for a moment: ${[...seen].join(' / ')}`);
    eq(clean(el.shadowRoot!.querySelector('[aria-live]')!.textContent), 'Your comment was posted.', 'not announced as news');
  });
});
