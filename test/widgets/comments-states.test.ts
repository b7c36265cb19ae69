// <kith-comments>: every state looks and is named for what it is (loading, empty, error with Retry, not set up,
// stale), axe in each, and the look: languages, right to left, narrow screens with a large font, small fonts,
// forced colors, contrast, target sizes, reduced motion.
import { configure, sitePrefix } from '../../src/core/config.js';
import { savedPage } from '../../src/widgets/comments/saved-page.js';
import { axe, contrast, eq, ok, until } from '../support/assert.js';
import { $, $$, clean, events, loaded, mount, setup, shown, tree } from '../support/comments.js';
import { emulateMedia, resetMedia } from '../support/media.js';
import type { KithComments } from '../../src/widgets/comments/comments.component.js';

const message = (el: KithComments) => clean($(el, '[part=message]')?.textContent);
const resolve = (value: string) => {
  const probe = document.createElement('span');
  probe.style.color = value;
  document.body.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
};

describe('<kith-comments> states', () => {
  afterEach(async () => {
    await resetMedia();
    configure({ theme: 'auto' });
    document.querySelectorAll('.test-box').forEach((box) => box.remove());
  });

  it('loading: a skeleton that says so (busy), unlike empty', async () => {
    const { server } = await setup();
    server.latency = 400;
    const el = await mount('s/empty');
    await until(() => $(el, '.skeleton'), 'skeleton');
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'true');
    eq(clean($(el, '.total').textContent), 'Loading comments…');
    ok(el.matches(':state(loading)'));
    await axe(el);
    await loaded(el);
    eq(message(el), 'No comments yet — be the first.');
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'false');
    ok(el.matches(':state(empty)') && !el.matches(':state(loading)'));
    ok($(el, 'textarea'), 'the form is there to be the first');
    await axe(el);
  });

  it('error: specific, with a Retry that works and keeps focus in the widget', async () => {
    const { server, comments } = await setup();
    comments.add('s/err', 'hello');
    server.fail('GET', 'comments', { status: 503, code: 'unavailable' }, 3);
    const el = await mount('s/err');
    const errors = events(el, 'kith-error');
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'Comments could not be loaded. Retry');
    eq(errors.map((e) => e.code), ['unavailable']);
    ok(!$(el, 'textarea'), 'no form over nothing');
    await axe(el);
    $(el, '[part=message] button').focus();
    $(el, '[part=message] button').click();
    await loaded(el);
    eq(shown(el), ['Ann Author: hello']);
    ok(document.activeElement === el && el.shadowRoot!.activeElement, 'focus in the widget, not <body>');
  });

  it('not set up: says what is missing, and no Retry', async () => {
    await setup({ site: '' });
    const el = await mount('s/nosite');
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'Kith is not set up on this page: the script tag has no data-site.');
    ok(!$(el, '[part=message] button'));
    await axe(el);
  });

  it('origin not allowed: names the origin', async () => {
    const { server } = await setup();
    server.fail('GET', 'comments', { status: 403, code: 'origin_not_allowed' });
    const el = await mount('s/origin');
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), `This page (${location.origin}) may not use site ${server.site}.`);
    ok(!$(el, '[part=message] button'));
  });

  it('offline: the thread saved on the last visit, said to be saved, with Retry', async () => {
    const { server, comments } = await setup();
    comments.add('s/stale', 'seen before');
    const first = await mount('s/stale');
    await loaded(first);
    first.remove();
    await until(() => savedPage(sitePrefix(), 's/stale'), 'saved for the next visit (when idle)');
    server.fail('GET', 'comments', 'network', 3);
    const el = await mount('s/stale');
    await until(() => el.matches(':state(stale)'), 'stale');
    eq(shown(el), ['Ann Author: seen before']);
    eq(message(el), 'Saved comments shown: the server could not be reached. Retry');
    await axe(el);
  });

  for (const theme of ['light', 'dark'] as const)
    it(`no axe violations with comments, replies, own, held, reply form and preview (${theme}); contrast holds`, async () => {
      const { comments } = await setup({ theme, token: 'mod-1' });
      const root = comments.add('s/axe', 'Hello **world**', { author: { name: 'Vera', verified: true }, stars: 5, up: 3 });
      comments.add('s/axe', 'my reply', { parent: root, authorRef: 'mod-1', author: { name: 'Mo', moderator: true } });
      comments.add('s/axe', 'held one', { authorRef: 'mod-1', status: 'pending', author: { name: 'Mo' } });
      const el = await mount('s/axe');
      await loaded(el);
      await until(() => $(el, '[part=moderation]') && $(el, '[part=status]'), 'own data');
      $(el, '[part=moderation] .toggle').click();
      $(el, `[data-id="${root.id}"] [data-action=reply]`).click();
      await until(() => $(el, '#composer-reply-text'), 'reply form');
      ($(el, '#composer-new-preview') as HTMLButtonElement).click();
      await el.updateComplete;
      await until(() => el.getAttribute('kith-theme') == theme, 'theme');
      await axe(el);
      const surface = getComputedStyle($(el, '[part~=comment]')).backgroundColor;
      for (const [what, node] of [
        ['meta', $(el, '.meta')],
        ['badge', $(el, '[part=badge]')],
        ['status', $(el, '[part=status]')],
        ['author', $(el, '.author')],
        ['stars', $(el, '.stars')],
      ] as const)
        ok(contrast(getComputedStyle(node).color, surface) >= 4.5, `${what}: ${contrast(getComputedStyle(node).color, surface).toFixed(2)}`);
      const button = $(el, '[data-action=up]');
      ok(contrast(getComputedStyle(button).borderTopColor, surface) >= 3, 'button border 3:1');
      ok(contrast(getComputedStyle($(el, 'textarea')).borderTopColor, getComputedStyle($(el, 'textarea')).backgroundColor) >= 3, 'field border 3:1');
    });
});

describe('<kith-comments> look', () => {
  afterEach(async () => {
    await resetMedia();
    document.querySelectorAll('.test-box').forEach((box) => box.remove());
  });

  const boxed = async (style: string, subject: string, attrs: Record<string, string> = {}) => {
    const box = document.createElement('div');
    box.className = 'test-box';
    box.style.cssText = style;
    document.body.append(box);
    const el = await mount(subject, attrs, box);
    await loaded(el);
    return { box, el };
  };

  it('at 320 px with a 20 px font nothing overflows: long words, URLs and code wrap or scroll inside', async () => {
    const { comments } = await setup();
    const long = 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen'.repeat(2);
    const root = comments.add('s/narrow', '', {
      tree: {
        type: 'root',
        children: [
          { type: 'paragraph', children: [{ type: 'text', value: long + ' https://example.com/' + 'a'.repeat(120) }] },
          { type: 'code', value: 'const x = "' + 'y'.repeat(200) + '";' },
          { type: 'table', align: [null, null, null], children: [{ type: 'tableRow', children: [1, 2, 3].map((n) => ({ type: 'tableCell', children: [{ type: 'text', value: 'column heading ' + n }] })) }] } as never,
        ],
      },
      author: { name: 'A very long display name that goes on', verified: 'Verified buyer since 2019' },
      stars: 4,
    });
    let parent = root;
    for (let i = 0; i < 3; i++) parent = comments.add('s/narrow', 'nested reply ' + long, { parent });
    const { box, el } = await boxed('width: 320px; font-size: 20px; font-family: sans-serif', 's/narrow');
    ok(el.scrollWidth <= 320, `widget ${el.scrollWidth}`);
    ok(box.scrollWidth <= 320, `box ${box.scrollWidth}`);
    for (const node of $$(el, '[part~=comment], [part=composer], [part=toolbar]')) ok(node.getBoundingClientRect().right <= box.getBoundingClientRect().right + 0.5, `${node.className} fits`);
    const pre = $(el, 'pre');
    ok(pre.scrollWidth > pre.clientWidth && getComputedStyle(pre).overflowX == 'auto', 'code scrolls inside itself');
  });

  it('targets are at least 24×24 px at a 12 px font', async () => {
    const { comments } = await setup();
    comments.add('s/small', 'hi', { up: 1 });
    const { el } = await boxed('font-size: 12px', 's/small');
    for (const node of $$(el, 'button, select, summary'))
      ok(node.getBoundingClientRect().height >= 24 && node.getBoundingClientRect().width >= 24, `${clean(node.textContent)}: ${node.getBoundingClientRect().height}`);
  });

  it('Arabic: right to left, replies indented on the right, counts in Arabic plurals', async () => {
    const { comments } = await setup({ lang: 'ar' });
    const root = comments.add('s/ar', 'مرحبا');
    comments.add('s/ar', 'رد', { parent: root });
    comments.add('s/ar', 'آخر');
    const el = await mount('s/ar');
    await loaded(el);
    eq($(el, '[part=base]').getAttribute('dir'), 'rtl');
    eq(clean($(el, '.total').textContent), '3 تعليقات');
    const reply = $(el, '.d1');
    ok(parseFloat(getComputedStyle(reply).marginRight) > 0 && parseFloat(getComputedStyle(reply).marginLeft) == 0, 'indented from the right');
    eq($(el, '[data-action=reply]').textContent, 'رد');
    await axe(el);
  });

  it('Japanese: the texts and times in Japanese', async () => {
    const { comments } = await setup({ lang: 'ja' });
    comments.add('s/ja', 'こんにちは');
    const el = await mount('s/ja');
    await loaded(el);
    eq(clean($(el, '.total').textContent), 'コメント 1 件');
    eq(clean($(el, '[part=composer] [type=submit]').textContent), 'コメントを投稿');
    ok(/前|今/.test($(el, 'time').textContent!), $(el, 'time').textContent!);
  });

  it('forced colors: pressed votes, tabs and the primary button keep painting in system colors', async () => {
    const { comments } = await setup();
    const c = comments.add('s/forced', 'x', { up: 1 });
    comments.votes.set(c.id, new Map([['user-a', 1]]));
    const el = await mount('s/forced');
    await loaded(el);
    await until(() => $(el, '[data-action=up][aria-pressed=true]'), 'own vote');
    await emulateMedia([{ name: 'forced-colors', value: 'active' }]);
    const highlight = resolve('Highlight');
    eq(getComputedStyle($(el, '[data-action=up]')).backgroundColor, highlight, 'pressed vote');
    eq(getComputedStyle($(el, '[part=composer] .primary')).backgroundColor, highlight, 'primary button');
    eq(getComputedStyle($(el, '[role=tab][aria-selected=true]')).backgroundColor, highlight, 'selected tab');
    eq(getComputedStyle($(el, '.stars, [part~=comment]')).color != getComputedStyle($(el, '[part~=comment]')).backgroundColor, true);
  });

  it('reduced motion: the loading skeleton does not pulse', async () => {
    const { server } = await setup();
    server.latency = 1000;
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    const el = await mount('s/motion');
    await until(() => $(el, '.skeleton > div'), 'skeleton');
    eq(getComputedStyle($(el, '.skeleton > div')).animationName, 'none');
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    eq(getComputedStyle($(el, '.skeleton > div')).animationName, 'kith-fade');
  });

  it('a comment without text from the server shows what it is (tombstone) even in a thread of many', async () => {
    const { comments } = await setup();
    const gone = comments.add('s/many', 'x');
    comments.add('s/many', 'reply', { parent: gone });
    Object.assign(gone, { deleted: true, tree: null });
    for (let i = 0; i < 30; i++) comments.add('s/many', 'c' + i, { tree: tree('c' + i) });
    const el = await mount('s/many');
    await loaded(el);
    ok(shown(el).length >= 20);
  });
});
