// <kith-tag-cloud> without a subject: the site's cloud (scope, limit, trending), weight by size on a logarithmic
// scale in five steps and in each tag's accessible name, the popular / A–Z switch, links from href-template,
// the cancelable kith-tag-select, and the subjects carrying a tag (list-subjects), paged.
import { weightStep } from '../../src/widgets/tag-cloud/tag-cloud.data.js';
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, clean, events, field, key, loaded, mount, names, setup, type } from '../support/tags.js';

const tagsShown = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) => [...el.shadowRoot!.querySelectorAll('[part~=tag] .name')].map((n) => n.textContent);
const steps = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=tag]')].map((chip) => chip.className.match(/w(\d)/)![1]);

describe('<kith-tag-cloud> (the site’s cloud)', () => {
  it('weights are logarithmic in five steps', () => {
    eq([1, 3, 10, 31, 100, 1000].map((n) => weightStep(n, 1, 1000)), [1, 2, 2, 3, 4, 5]);
    eq([1, 10, 100, 1000, 10000].map((n) => weightStep(n, 1, 10000)), [1, 2, 3, 4, 5]);
    eq(weightStep(7, 7, 7), 3, 'all alike: the middle step');
  });

  it('shows the top tags sized by use, each named with its use (“crm, used 1,000 times”)', async () => {
    const { server, tags } = await setup();
    tags.cloud = [
      { tag: 'crm', key: 'crm', count: 1000 },
      { tag: 'sales', key: 'sales', count: 100 },
      { tag: 'lead', key: 'lead', count: 10 },
      { tag: 'rare', key: 'rare', count: 1 },
    ];
    const el = await mount({ limit: '4' });
    await loaded(el);
    eq(tagsShown(el), ['crm', 'sales', 'lead', 'rare']);
    eq(steps(el), ['5', '4', '2', '1']);
    eq(names(el), ['crm, used 1,000 times', 'sales, used 100 times', 'lead, used 10 times', 'rare, used 1 time']);
    const sizes = $$(el, '[part~=tag]').map((chip) => parseFloat(getComputedStyle(chip).fontSize));
    ok(sizes[0]! > sizes[1]! && sizes[1]! > sizes[2]! && sizes[2]! > sizes[3]!, `sizes ${sizes}`);
    eq($(el, '[part=list]').getAttribute('aria-label'), 'Tag cloud');
    ok(server.log.some((l) => l.path == 'tags/cloud'), 'the cloud route');
    ok(!server.log.some((l) => l.path == 'tags/batch'), 'a cloud is not a subject');
  });

  it('reads itself again when a tag on the same page is saved (the live stream follows subjects, not the cloud)', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/1', 'crm', 2);
    const cloud = await mount();
    const record = await mount({ subject: 'contact/2' });
    await Promise.all([loaded(cloud), loaded(record)]);
    eq(tagsShown(cloud), ['crm']);
    eq(server.log.filter((l) => l.path == 'tags/cloud').length, 1, 'one read');
    const input = await field(record);
    type(input, 'renewal');
    key(input, 'Enter');
    await until(() => tagsShown(cloud).includes('renewal'), 'the cloud shows the new tag');
    eq(server.log.filter((l) => l.path == 'tags/cloud').length, 2, 'one more read, after the save');
  });

  it('scope narrows it to a kind of subject; limit caps it; trending reads rising tags', async () => {
    const { server, tags } = await setup();
    tags.tag('product/1', 'blue', 3);
    tags.tag('product/2', 'red', 1);
    tags.tag('contact/1', 'vip', 9);
    const scoped = await mount({ scope: 'product/', limit: '1' });
    await loaded(scoped);
    eq(tagsShown(scoped), ['blue']);
    tags.trending = [{ tag: 'rising', key: 'rising', count: 12 }];
    const trending = await mount({ trending: '' });
    await loaded(trending);
    eq(tagsShown(trending), ['rising']);
    eq($(trending, '[part=list]').getAttribute('aria-label'), 'Trending tags');
    ok(server.log.some((l) => l.path == 'tags/trending'));
  });

  it('the order switch (two toggle buttons) sorts by popularity or alphabetically, locale-aware', async () => {
    const { tags } = await setup({ lang: 'de' });
    tags.cloud = [
      { tag: 'Zebra', key: 'zebra', count: 50 },
      { tag: 'Äpfel', key: 'äpfel', count: 20 },
      { tag: 'Birnen', key: 'birnen', count: 5 },
    ];
    const el = await mount();
    await loaded(el);
    const group = $(el, '[part=order]');
    eq(group.getAttribute('role'), 'group');
    const [popular, alpha] = $$(el, '[part=order] button');
    eq([popular!.getAttribute('aria-pressed'), alpha!.getAttribute('aria-pressed')], ['true', 'false']);
    eq(tagsShown(el), ['Zebra', 'Äpfel', 'Birnen']);
    alpha!.click();
    await el.updateComplete;
    eq(tagsShown(el), ['Äpfel', 'Birnen', 'Zebra'], 'Ä sorts with A in German');
    eq([popular!.getAttribute('aria-pressed'), alpha!.getAttribute('aria-pressed')], ['false', 'true']);
    alpha!.click();
    await el.updateComplete;
    eq(alpha!.getAttribute('aria-pressed'), 'true', 'pressing the pressed one keeps it');
    eq(names(el)[0], 'Äpfel, 20-mal verwendet');
  });

  it('href-template makes each tag a plain link, the tag URL-encoded', async () => {
    const { tags } = await setup();
    tags.cloud = [{ tag: 'big deal & co', key: 'big deal & co', count: 2 }];
    const el = await mount({ 'href-template': '/search?tag={tag}' });
    await loaded(el);
    const link = $(el, 'a[part~=link]') as HTMLAnchorElement;
    eq(link.getAttribute('href'), '/search?tag=big%20deal%20%26%20co');
  });

  it('kith-tag-select fires on activation (bubbles, composed); preventDefault keeps the link from being followed', async () => {
    const { tags } = await setup();
    tags.cloud = [{ tag: 'crm', key: 'crm', count: 2 }];
    const el = await mount({ 'href-template': '#tag-{tag}' });
    await loaded(el);
    const seen: CustomEvent[] = [];
    const listener = (event: Event) => {
      seen.push(event as CustomEvent);
      event.preventDefault();
    };
    document.addEventListener('kith-tag-select', listener);
    const before = location.hash;
    ($(el, 'a[part~=link]') as HTMLAnchorElement).click();
    document.removeEventListener('kith-tag-select', listener);
    eq(seen.length, 1);
    eq(seen[0]!.detail, { tag: 'crm', key: 'crm' });
    ok(seen[0]!.bubbles && seen[0]!.composed && seen[0]!.cancelable);
    eq(location.hash, before, 'not followed');
    // A tagging widget adds its subject.
    tags.tag('contact/1', 'vip', 1);
    const tagging = await mount({ subject: 'contact/1' });
    await loaded(tagging);
    const got = events(tagging, 'kith-tag-select');
    ($(tagging, '[part~=link]') as HTMLButtonElement).click();
    eq(got, [{ tag: 'vip', key: 'vip', subject: 'contact/1' }]);
  });

  it('one listener serves all the tags: a click on a tag’s name selects that tag; the list, “+N” and the own tag’s remove button select nothing', async () => {
    const { tags } = await setup();
    tags.tag('contact/1', 'crm', ['user-a', 'seed-1', 'seed-2']);
    tags.tag('contact/1', 'sales', 2);
    tags.tag('contact/1', 'vip', 1);
    const full = await mount({ subject: 'contact/1' });
    const compact = await mount({ subject: 'contact/1', variant: 'compact' });
    await loaded(full);
    await loaded(compact);
    const fromFull = events(full, 'kith-tag-select');
    const fromCompact = events(compact, 'kith-tag-select');
    ($$(full, '[part~=link] .name')[1] as HTMLElement).click();
    ($(full, '[part=list]') as HTMLElement).click();
    ($(full, '[part=remove]') as HTMLButtonElement).click();
    eq(fromFull, [{ tag: 'sales', key: 'sales', subject: 'contact/1' }]);
    ($$(compact, '[part~=link] .name')[1] as HTMLElement).click();
    ($(compact, '.more') as HTMLElement).click();
    ($(compact, '[part~=base]') as HTMLElement).click();
    eq(fromCompact, [{ tag: 'sales', key: 'sales', subject: 'contact/1' }]);
  });

  it('list-subjects: choosing a tag lists the subjects carrying it, 20 at a time with Load more', async () => {
    const { server, tags } = await setup();
    for (let i = 0; i < 25; i++) tags.tag(`contact/${String(i).padStart(2, '0')}`, 'crm', 25 - i);
    tags.tag('https://example.com/page', 'crm', 1);
    const el = await mount({ 'list-subjects': '', limit: '5' });
    await loaded(el);
    const selected = events(el, 'kith-tag-select');
    ($(el, '[part~=link]') as HTMLButtonElement).click();
    await until(() => $$(el, '[part=subjects] li').length == 20, 'first page');
    eq(selected.length, 1);
    eq(clean($(el, '[part=subjects] h3').textContent), 'Tagged crm');
    eq(clean($$(el, '[part=subjects] li')[0]!.textContent), 'contact/00 (25)');
    ok(el.shadowRoot!.activeElement?.matches('h3'), 'focus on the list’s heading');
    const more = $(el, '[part=subjects] .load-more') as HTMLButtonElement;
    eq(clean(more.textContent), 'Load more');
    more.click();
    await until(() => $$(el, '[part=subjects] li').length == 26, 'second page');
    ok(!$(el, '[part=subjects] .load-more'), 'no more pages');
    ok(el.shadowRoot!.activeElement?.closest('li') == $$(el, '[part=subjects] li')[20], 'focus on the first new subject');
    const link = $(el, '[part=subjects] a') as HTMLAnchorElement;
    eq(link.getAttribute('href'), 'https://example.com/page', 'a subject that is a URL is a link');
    eq(server.log.filter((l) => l.path == 'tags/subjects').length, 2);
  });

  it('a cancelled kith-tag-select lists nothing', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/1', 'crm', 1);
    const el = await mount({ 'list-subjects': '' });
    await loaded(el);
    el.addEventListener('kith-tag-select', (event) => event.preventDefault());
    ($(el, '[part~=link]') as HTMLButtonElement).click();
    await sleep(200);
    ok(!$(el, '[part=subjects]'));
    ok(!server.log.some((l) => l.path == 'tags/subjects'));
  });
});
