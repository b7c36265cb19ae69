// <kith-comments variant="count">: "12 comments" as a link, one batch request for a page of them, one line in a
// CRM table cell, its place kept while loading, named for what it shows.
import { eq, ok, until } from '../support/assert.js';
import { $, clean, mount, setup } from '../support/comments.js';
import type { KithComments } from '../../src/widgets/comments/comments.component.js';

const table = (n: number, prefix: string) => {
  const box = document.createElement('table');
  box.className = 'crm';
  box.style.cssText = 'font: 13px/1.3 sans-serif; border-collapse: collapse';
  box.innerHTML = Array.from({ length: n }, (_, i) => `<tr><td style="width: 120px; max-width: 120px; padding: 0"><kith-comments variant="count" subject="${prefix}/${i}"></kith-comments></td></tr>`).join('');
  document.body.append(box);
  return [...box.querySelectorAll('kith-comments')] as KithComments[];
};

describe('<kith-comments variant="count">', () => {
  afterEach(() => document.querySelectorAll('.crm').forEach((t) => t.remove()));

  it('200 counts on a page make one request, and each is a link', async () => {
    const { server, comments } = await setup();
    for (let i = 0; i < 12; i++) comments.add('n/7', 'c' + i);
    comments.add('n/1', 'one');
    const widgets = table(200, 'n');
    await until(() => widgets.every((w) => w.matches(':state(loaded)')), 'all loaded');
    eq(server.log.filter((l) => l.path == 'comments/counts').length, 1);
    eq(server.log.filter((l) => l.path == 'comments/counts')[0]!.subjects.length, 200);
    eq(server.log.filter((l) => l.path != 'comments/counts').length, 0, 'no list, no policy');
    const link = $(widgets[7]!, 'a[part=base]');
    eq(clean(link.textContent), '12 comments');
    eq(link.getAttribute('href'), '#comments');
    eq(clean($(widgets[1]!, 'a').textContent), '1 comment');
    eq(clean($(widgets[0]!, 'a').textContent), '0 comments');
  });

  it('fits a 120 px cell at 13 px on one line; keeps its place while loading', async () => {
    const { server } = await setup({ lang: 'de' });
    server.latency = 300;
    const [el] = table(1, 'n2');
    await until(() => el!.shadowRoot!.querySelector('[part=base]'), 'placeholder');
    const loading = el!.getBoundingClientRect();
    eq($(el!, '[part=base]').getAttribute('aria-label'), 'Kommentare werden geladen…');
    await until(() => el!.matches(':state(loaded)'), 'loaded');
    const done = el!.getBoundingClientRect();
    eq(done.height, loading.height, 'same height');
    ok(done.height <= 13 * 1.3 + 1, `one line (${done.height})`);
    ok(done.width <= 120, `fits (${done.width})`);
    eq(clean($(el!, 'a').textContent), '0 Kommentare');
  });

  it('links to href, or to the subject page when the subject is a URL', async () => {
    await setup();
    const a = await mount('https://shop.example.com/p/1', { variant: 'count' });
    const b = await mount('p/2', { variant: 'count', href: '/p/2#reviews' });
    await until(() => a.matches(':state(loaded)') && b.matches(':state(loaded)'), 'loaded');
    eq($(a, 'a').getAttribute('href'), 'https://shop.example.com/p/1#comments');
    eq($(b, 'a').getAttribute('href'), '/p/2#reviews');
  });

  it('beside a thread, a count goes up with the viewer’s comment and fires no event of its own', async () => {
    await setup();
    const count = await mount('n/both', { variant: 'count' });
    const thread = await mount('n/both');
    await until(() => count.matches(':state(loaded)') && thread.matches(':state(loaded)'), 'loaded');
    const created: unknown[] = [];
    document.addEventListener('kith-comment', (e) => created.push(e.target));
    const field = thread.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!;
    field.value = 'hello';
    field.dispatchEvent(new Event('input'));
    thread.shadowRoot!.querySelector<HTMLButtonElement>('[type=submit]')!.click();
    await until(() => clean($(count, 'a').textContent) == '1 comment', 'counted');
    // The thread applies the server's answer in its own-writes chunk, loaded with the first answer: its event
    // may come a moment after the count has moved.
    await until(() => created.length > 0, 'kith-comment');
    ok(created.length == 1 && created[0] === thread, 'one kith-comment, from the thread');
  });

  it('follows the count live (no-live turns it off)', async () => {
    const { server, comments } = await setup();
    const live = await mount('n/live', { variant: 'count' });
    const still = await mount('n/live', { variant: 'count', 'no-live': '' });
    await until(() => live.matches(':state(loaded)') && still.matches(':state(loaded)'), 'loaded');
    await until(() => server.live.length, 'stream open');
    comments.emit('comment-count', { subject: 'n/live', count: 5 });
    await until(() => clean($(live, 'a').textContent) == '5 comments', 'live count');
    eq(clean($(still, 'a').textContent), '0 comments');
  });

  it('a failed count says so, short, with its reason as its name', async () => {
    const { server } = await setup();
    server.fail('GET', 'comments/counts', { status: 503, code: 'unavailable' }, 5);
    const el = await mount('n/err', { variant: 'count' });
    await until(() => el.matches(':state(error)'), 'error');
    eq(clean($(el, '[part=base]').textContent), 'Not loaded');
    eq($(el, '[part=base]').getAttribute('aria-label'), 'Comments could not be loaded.');
  });
});
