// <kith-tag-cloud>: every state looks and is named for what it is (loading, empty, error with Retry, not set up,
// origin not allowed, stale), axe in each; many on a page (O(1) requests); the look: compact in a 120 px table
// cell, 320 px at 20 px, 24 px targets at 12 px, right to left, forced colors.
import { sitePrefix } from '../../src/core/config.js';
import { subjectTags } from '../../src/widgets/tag-cloud/tag-cloud.data.js';
import type { KithTagCloud } from '../../src/widgets/tag-cloud/tag-cloud.component.js';
import { configure } from '../../src/core/config.js';
import { contrast, eq, ok, until } from '../support/assert.js';
import { emulateMedia, resetMedia } from '../support/media.js';
import { $, $$, axe, chips, clean, events, field, loaded, message, mount, names, own, setup, type } from '../support/tags.js';

const boxed = async (style: string, attrs: Record<string, string>) => {
  const box = document.createElement('div');
  box.className = 'test-box';
  box.style.cssText = style;
  document.body.append(box);
  const el = await mount(attrs, box);
  await loaded(el);
  return { box, el };
};

describe('<kith-tag-cloud> states', () => {
  afterEach(() => resetMedia());

  it('loading: a skeleton that says so (busy), then empty: “No tags yet”', async () => {
    const { server } = await setup();
    server.latency = 400;
    const el = await mount({ subject: 'contact/empty' });
    await until(() => $(el, '.skeleton'), 'skeleton');
    eq($(el, '.skeleton').getAttribute('aria-label'), 'Loading tags…');
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'true');
    ok(el.matches(':state(loading)'));
    const reserved = el.getBoundingClientRect().height;
    await axe(el);
    await loaded(el);
    eq(clean($(el, '.empty').textContent), 'No tags yet');
    ok(el.matches(':state(empty)') && !el.matches(':state(loading)'));
    eq($(el, '[part=base]').getAttribute('aria-busy'), 'false');
    ok(Math.abs(el.getBoundingClientRect().height - reserved) < 4 || el.getBoundingClientRect().height >= reserved, 'space was kept');
    await field(el);
    await axe(el);
  });

  it('error: specific, with a Retry that works and keeps focus in the widget', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/err', 'crm', 1);
    server.fail('GET', 'tags/batch', { status: 503, code: 'unavailable' }, 3);
    const el = await mount({ subject: 'contact/err' });
    const errors = events(el, 'kith-error');
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), 'Tags could not be loaded. Retry');
    eq(errors.map((e) => e.code), ['unavailable']);
    ok(!$(el, 'input'), 'no field over nothing');
    await axe(el);
    const retry = $(el, '[part=message] button');
    retry.focus();
    retry.click();
    await loaded(el);
    eq(chips(el), ['crm 1']);
    ok(el.shadowRoot!.activeElement, 'focus in the widget, not <body>');
  });

  it('not set up: says what is missing, and no Retry', async () => {
    await setup({ site: '' });
    const el = await mount({ subject: 'contact/nosite' });
    await until(() => el.matches(':state(error)') && el.matches(':state(unconfigured)'), 'error');
    eq(message(el), 'Kith is not set up on this page: the script tag has no data-site.');
    ok(!$(el, '[part=message] button'));
    await axe(el);
  });

  it('origin not allowed: names the origin, no Retry', async () => {
    const { server } = await setup();
    server.fail('GET', 'tags/cloud', { status: 403, code: 'origin_not_allowed' });
    const el = await mount();
    await until(() => el.matches(':state(error)'), 'error');
    eq(message(el), `This page (${location.origin}) may not use site ${server.site}.`);
    ok(!el.matches(':state(unconfigured)'));
    ok(!$(el, '[part=message] button'));
  });

  it('offline: the tags saved on the last visit, said to be saved, with Retry', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/stale', 'seen-before', 2);
    subjectTags.remember(sitePrefix(), { subject: 'contact/stale', items: tags.items('contact/stale'), total: 1 });
    await new Promise((done) => setTimeout(done, 100));
    server.fail('GET', 'tags/batch', 'network', 3);
    const el = await mount({ subject: 'contact/stale' });
    await until(() => el.matches(':state(stale)'), 'stale');
    eq(chips(el), ['seen-before 2']);
    eq(message(el), 'Saved tags shown: the server could not be reached. Retry');
    await axe(el);
  });

  it('no axe violations with own tags, a pending tag, the suggestions open, and in the cloud', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/axe', 'crm', ['user-a', 'x']);
    tags.tag('contact/axe', 'lead', 1);
    const el = await mount({ subject: 'contact/axe', 'href-template': '/t/{tag}' });
    await until(() => own(el).length, 'own');
    const input = await field(el);
    type(input, 'c');
    await until(() => input.getAttribute('aria-expanded') == 'true', 'open');
    await axe(el);
    server.latency = 500;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    type(input, 'new-one');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await until(() => el.matches(':state(pending)'), 'pending');
    await axe(el);
    const cloud = await mount();
    await loaded(cloud);
    await axe(cloud);
  });
});

describe('<kith-tag-cloud>: many on a page', () => {
  const mountMany = (n: number, prefix: string, attrs = '') => {
    const box = document.createElement('div');
    box.className = 'test-box';
    box.innerHTML = Array.from({ length: n }, (_, i) => `<kith-tag-cloud subject="${prefix}/${i}" ${attrs}></kith-tag-cloud>`).join('');
    document.body.append(box);
    return [...box.querySelectorAll('kith-tag-cloud')] as KithTagCloud[];
  };

  it('200 compact widgets in a CRM list make one request', async () => {
    const { server, tags } = await setup();
    for (let i = 0; i < 200; i += 7) tags.tag(`row/${i}`, 'crm', 2);
    const widgets = mountMany(200, 'row', 'variant="compact"');
    await until(() => widgets.every((w) => w.matches(':state(loaded)')), 'all loaded', 8000);
    eq(server.log.map((l) => l.path), ['tags/batch']);
    eq(server.log[0]!.subjects.length, 200);
    eq(server.log[0]!.auth, null);
    eq(chips(widgets[7]!), ['crm'], 'no counts in the compact variant');
  });

  it('30 full widgets of a guest without a visitor token: one batch and one policy read', async () => {
    const { server } = await setup({ token: null });
    const widgets = mountMany(30, 'full');
    await until(() => widgets.every((w) => w.matches(':state(loaded)')), 'all loaded');
    eq(server.log.map((l) => l.path).sort(), ['policy', 'tags/batch']);
  });
});

describe('<kith-tag-cloud> look', () => {
  afterEach(() => resetMedia());

  it('compact fits a 120 px table cell at 13 px on one line, with “+N” named for screen readers', async () => {
    const { tags } = await setup();
    tags.tag('contact/c', 'customer', 5);
    tags.tag('contact/c', 'enterprise', 4);
    tags.tag('contact/c', 'renewal', 3);
    tags.tag('contact/c', 'q4', 1);
    const { box, el } = await boxed('width: 120px; font-size: 13px; font-family: sans-serif; line-height: 1.3', { subject: 'contact/c', variant: 'compact' });
    eq($$(el, '[part~=tag]').length, 2);
    eq(clean($(el, '.more').textContent), '+2');
    eq($(el, '.more').getAttribute('aria-label'), '2 more tags');
    ok(el.getBoundingClientRect().width <= 120.5, `width ${el.getBoundingClientRect().width}`);
    ok(el.getBoundingClientRect().height <= 13 * 1.6, `one line: ${el.getBoundingClientRect().height}`);
    ok(box.scrollWidth <= 120, 'nothing overflows the cell');
    ok(!$(el, 'input'), 'no field');
    eq(names(el)[0], 'customer, used 5 times');
    await axe(el);
  });

  it('at 320 px with a 20 px font nothing overflows; at 12 px every target is 24×24', async () => {
    const { tags } = await setup();
    tags.tag('contact/n', 'Donaudampfschifffahrtsgesellschaft', ['user-a']);
    tags.tag('contact/n', 'a rather long tag name here', 3);
    const { box, el } = await boxed('width: 320px; font-size: 20px; font-family: sans-serif', { subject: 'contact/n' });
    await until(() => own(el).length, 'own');
    await field(el);
    ok(box.scrollWidth <= 320, `box ${box.scrollWidth}`);
    for (const node of $$(el, '[part~=tag], input')) ok(node.getBoundingClientRect().right <= box.getBoundingClientRect().right + 0.5, 'fits');
    box.style.cssText = 'font-size: 12px; width: 600px';
    await el.updateComplete;
    for (const node of $$(el, 'button, input, [part~=link]')) {
      const rect = node.getBoundingClientRect();
      ok(rect.height >= 24 && rect.width >= 24, `${clean(node.textContent) || node.getAttribute('aria-label')}: ${rect.width}×${rect.height}`);
    }
  });

  it('Arabic: right to left, names in Arabic plurals, the field in Arabic', async () => {
    const { tags } = await setup({ lang: 'ar' });
    tags.tag('contact/ar', 'crm', 3);
    tags.tag('contact/ar', 'عميل', 11);
    const el = await mount({ subject: 'contact/ar' });
    await loaded(el);
    eq($(el, '[part=base]').getAttribute('dir'), 'rtl');
    eq(names(el), ['\u2068عميل\u2069، استُخدم ١١ مرة'.replace('١١', new Intl.NumberFormat('ar').format(11)), '\u2068crm\u2069، استُخدم ' + new Intl.NumberFormat('ar').format(3) + ' مرات']);
    const input = await field(el);
    eq(input.getAttribute('aria-label'), 'أضف وسمًا');
    const [first, second] = $$(el, '[part~=tag]');
    ok(first!.getBoundingClientRect().left > second!.getBoundingClientRect().left, 'the first tag on the right');
    await axe(el);
  });

  for (const theme of ['light', 'dark'] as const)
    it(`contrast holds in ${theme}: tag text and counts 4.5:1 on the chip, the own outline 3:1`, async () => {
      const { tags } = await setup({ theme });
      tags.tag('contact/contrast', 'crm', ['user-a', 'x']);
      tags.tag('contact/contrast', 'lead', 1);
      const el = await mount({ subject: 'contact/contrast' });
      await until(() => own(el).length && el.getAttribute('kith-theme') == theme, 'own, themed');
      const chip = $$(el, '[part~=tag]').find((c) => !c.matches('[part~=own]'))!;
      // color-mix() computes to `color(srgb r g b)` with 0–1 channels.
      const rgb = (color: string) =>
        color.startsWith('color(srgb') ? `rgb(${color.match(/[\d.]+/g)!.slice(0, 3).map((c) => Math.round(+c * 255)).join(', ')})` : color;
      const chipBackground = rgb(getComputedStyle(chip).backgroundColor);
      const name = chip.querySelector('.name')!;
      ok(contrast(getComputedStyle(name).color, chipBackground) >= 4.5, `tag ${contrast(getComputedStyle(name).color, chipBackground).toFixed(2)}`);
      const count = getComputedStyle(name, '::after').color;
      ok(contrast(count, chipBackground) >= 4.5, `count ${contrast(count, chipBackground).toFixed(2)}`);
      // The widget has no box of its own: the outline is seen on the surface token's colors.
      const surface = theme == 'dark' ? 'rgb(31, 32, 35)' : 'rgb(255, 255, 255)';
      ok(contrast(getComputedStyle($(el, '[part~=own]')).borderTopColor, surface) >= 3, 'own outline 3:1');
      configure({ theme: 'auto' });
    });

  it('reduced motion: the loading skeleton does not pulse', async () => {
    const { server } = await setup();
    server.latency = 1000;
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    const el = await mount({ subject: 'contact/motion' });
    await until(() => $(el, '.skeleton > span'), 'skeleton');
    eq(getComputedStyle($(el, '.skeleton > span')).animationName, 'none');
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    eq(getComputedStyle($(el, '.skeleton > span')).animationName, 'kith-pulse');
  });

  it('forced colors: the own tag’s outline and the pressed order button keep system colors', async () => {
    const { tags } = await setup();
    tags.tag('contact/f', 'crm', ['user-a']);
    const el = await mount({ subject: 'contact/f' });
    await until(() => own(el).length, 'own');
    tags.cloud = [
      { tag: 'a', key: 'a', count: 2 },
      { tag: 'b', key: 'b', count: 1 },
    ];
    const cloud = await mount();
    await loaded(cloud);
    await emulateMedia([{ name: 'forced-colors', value: 'active' }]);
    const probe = document.createElement('span');
    probe.style.color = 'Highlight';
    document.body.append(probe);
    const highlight = getComputedStyle(probe).color;
    probe.remove();
    eq(getComputedStyle($(el, '[part~=own]')).borderTopColor, highlight, 'own tag');
    eq(getComputedStyle($(cloud, '[part=order] [aria-pressed=true]')).backgroundColor, highlight, 'pressed order');
  });
});

describe('<kith-tag-cloud>: the loader’s prefetch', () => {
  it('batches only tag clouds with a subject: a cloud without one is not the page’s subject', async () => {
    const { server } = await setup();
    const { prefetch } = await import('../../src/loader/prefetch.js');
    const { registry } = await import('../../src/core/config.js');
    const box = document.createElement('div');
    box.className = 'test-box';
    // The widgets then take the prefetched answer instead of asking again.
    box.innerHTML = '<kith-tag-cloud subject="contact/p1"></kith-tag-cloud><kith-tag-cloud scope="product/"></kith-tag-cloud>';
    document.body.append(box);
    registry().readsStarted = false;
    prefetch();
    await until(() => server.log.some((l) => l.path == 'tags/batch'), 'prefetched');
    await new Promise((done) => setTimeout(done, 100));
    const batches = server.log.filter((l) => l.path == 'tags/batch');
    eq(batches.map((l) => l.subjects), [['contact/p1']]);
    registry().prefetched?.clear();
  });
});
