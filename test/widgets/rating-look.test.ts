// <kith-rating> as users see it: forced colors, contrast in light and dark, target sizes, narrow screens,
// the inline line in a CRM table cell, and theme "auto" following the page.
import { configure } from '../../src/core/config.js';
import { axe, contrast, eq, ok, until } from '../support/assert.js';
import { emulateMedia, resetMedia } from '../support/media.js';
import { $, $$, loaded, mount, setup, stars, text } from '../support/rating.js';

/** A computed color as the browser resolves it for a CSS color value in this page (e.g. a system color). */
const resolve = (value: string) => {
  const probe = document.createElement('span');
  probe.style.color = value;
  document.body.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
};
const style = (el: Element) => getComputedStyle(el);
const path = (el: HTMLElement, i: number, layer: 'outline' | 'fill') => stars(el as never)[i]!.querySelector(`.${layer}`)!;

describe('<kith-rating> look', () => {
  afterEach(async () => {
    await resetMedia();
    configure({ theme: 'auto' });
    document.querySelectorAll('.test-box').forEach((box) => box.remove());
  });

  it('forced colors: stars, own vote, bars and focus keep painting, in system colors', async () => {
    const s = await setup();
    s.seed('look/forced', [0, 0, 0, 3, 1], { principal: 'user-a', value: 2 });
    const el = await mount('look/forced');
    await until(() => text(el, 'message').includes('Your rating: 2'), 'own vote');
    await emulateMedia([{ name: 'forced-colors', value: 'active' }]);
    ok(matchMedia('(forced-colors: active)').matches, 'forced colors are on');
    const canvasText = resolve('CanvasText');
    const highlight = resolve('Highlight');
    eq(style(path(el, 0, 'fill')).fill, canvasText, 'a filled star paints in CanvasText');
    eq(style(path(el, 4, 'outline')).stroke, canvasText, 'an empty star keeps its outline');
    eq(style(path(el, 0, 'outline')).stroke, highlight, 'the own vote is outlined in Highlight');
    eq(style($$(el, '[part=bar]')[1]!).backgroundColor, canvasText, 'chart bars');
    eq(style($$(el, '.track')[0]!).borderTopColor, canvasText, 'chart tracks');
    ok(style(path(el, 0, 'fill')).fill != style($(el, '.card')).backgroundColor, 'not the background color');
    stars(el)[0]!.focus();
    eq(style(stars(el)[0]!).outlineColor, highlight, 'focus ring');
  });

  for (const theme of ['light', 'dark'] as const)
    it(`contrast from the tokens (${theme}): graphics at least 3:1 and text at least 4.5:1`, async () => {
      const s = await setup({ theme });
      s.seed('look/contrast', [1, 0, 0, 3, 1], { principal: 'user-a', value: 2 });
      const el = await mount('look/contrast');
      await until(() => text(el, 'message').includes('Your rating'), 'loaded');
      await until(() => el.getAttribute('kith-theme') == theme, 'theme applied');
      const surface = style($(el, '.card')).backgroundColor;
      const checks: [string, string, number][] = [
        ['empty star outline', style(path(el, 4, 'outline')).stroke, 3],
        ['filled star', style(path(el, 3, 'fill')).fill, 3],
        ['own vote outline', style(path(el, 0, 'outline')).stroke, 3],
        ['chart track', style($$(el, '.track')[0]!).borderTopColor, 3],
        ['chart bar', style($$(el, '[part=bar]')[1]!).backgroundColor, 3],
        ['button border', style($(el, '[part=message] button')).borderTopColor, 3],
        ['text', style($(el, '.card')).color, 4.5],
        ['muted text', style($(el, '[part=message]')).color, 4.5],
      ];
      stars(el)[0]!.focus();
      checks.push(['focus ring', style(stars(el)[0]!).outlineColor, 3]);
      const low = checks.map(([what, color, min]) => [what, contrast(color, surface), min] as const).filter(([, ratio, min]) => ratio < min);
      eq(low.map(([what, ratio]) => `${what} ${ratio.toFixed(2)}:1`), []);
    });

  it('star targets are at least 24×24 CSS px at a 12 px host font, and so are the buttons', async () => {
    const s = await setup();
    s.seed('look/small', [0, 0, 0, 1, 0], { principal: 'user-a', value: 4 });
    const el = await mount('look/small');
    el.style.fontSize = '12px';
    await until(() => text(el, 'message').includes('Your rating'), 'loaded');
    for (const star of stars(el)) {
      const box = star.getBoundingClientRect();
      ok(box.width >= 24 && box.height >= 24, `star ${box.width}×${box.height}`);
    }
    ok($(el, '[part=message] button').getBoundingClientRect().height >= 24, 'Remove my rating');
  });

  it('inline: one target at least 24 px high that does not make its line taller', async () => {
    const s = await setup();
    s.seed('look/inline-target', [0, 0, 0, 1, 0]);
    const box = Object.assign(document.createElement('p'), { className: 'test-box' });
    box.style.cssText = 'font: 12px/1.2 sans-serif; margin: 40px 0';
    box.append('Before ');
    document.body.append(box);
    const el = await mount('look/inline-target', { variant: 'inline' });
    box.append(el, ' after');
    await loaded(el);
    const slider = $(el, '[role=slider]');
    const rect = slider.getBoundingClientRect();
    for (const dy of [-11.5, 11.5]) {
      const hit = el.shadowRoot!.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2 + dy);
      ok(hit === slider || slider.contains(hit), `the pointer ${dy} px from the middle still hits the stars`);
    }
    ok(rect.width >= 24, 'and wide enough');
    ok(box.getBoundingClientRect().height <= 12 * 1.2 + 1, `line stays one line of text high (${box.getBoundingClientRect().height})`);
  });

  it('inline fits a 120 px table cell at a 13 px font on one line, count and all', async () => {
    const s = await setup();
    s.seed('look/cell', [40, 80, 100, 300, 479]);
    const table = Object.assign(document.createElement('table'), { className: 'test-box' });
    table.style.cssText = 'border-collapse: collapse; font: 13px/1.4 sans-serif';
    table.innerHTML = '<tr><td style="width:120px;max-width:120px;box-sizing:border-box;padding:6px 8px;overflow:hidden;white-space:nowrap">x</td><td style="padding:6px 8px">Acme Industries</td></tr>';
    document.body.append(table);
    const cell = table.querySelector('td')!;
    const rowHeight = cell.getBoundingClientRect().height;
    const el = await mount('look/cell', { variant: 'inline' });
    cell.replaceChildren(el);
    await loaded(el);
    eq(text(el, 'count'), '4.1 (999)');
    const count = $(el, '[part=count]');
    ok(count.scrollWidth <= count.clientWidth, `count not cut (${count.scrollWidth}/${count.clientWidth})`);
    ok(el.getBoundingClientRect().right <= cell.getBoundingClientRect().right - 8, 'inside the cell padding');
    eq(cell.getBoundingClientRect().height, rowHeight, 'the row is no taller');
  });

  it('the card fits 320 px at a 20 px font (no horizontal overflow)', async () => {
    const s = await setup();
    s.seed('look/narrow', [0, 0, 1, 2, 3], { principal: 'user-a', value: 5 });
    const box = Object.assign(document.createElement('div'), { className: 'test-box' });
    box.style.cssText = 'width: 320px; padding: 8px; box-sizing: border-box; font: 20px sans-serif';
    document.body.append(box);
    const el = await mount('look/narrow');
    box.append(el);
    await until(() => text(el, 'message').includes('Your rating'), 'loaded');
    ok(el.getBoundingClientRect().width <= 304, `card ${el.getBoundingClientRect().width} px`);
    ok($(el, '.card').scrollWidth <= $(el, '.card').clientWidth, 'nothing overflows the card');
  });

  it('theme auto follows the page: a light page on a dark OS stays light; a dark page without color-scheme is dark', async () => {
    await emulateMedia([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const s = await setup({ theme: 'auto' });
    s.seed('look/auto', [0, 0, 0, 1, 0]);
    const light = await mount('look/auto');
    await loaded(light);
    eq(light.getAttribute('kith-theme'), null, 'nothing pinned: the page says no scheme, which is light');
    eq(style($(light, '.card')).backgroundColor, 'rgb(255, 255, 255)', 'a light card');
    const box = Object.assign(document.createElement('div'), { className: 'test-box' });
    box.style.cssText = 'background: #121212; color: #eee';
    document.body.append(box);
    const dark = await mount('look/auto');
    box.append(dark);
    configure({ theme: 'auto' }); // the page changed: widgets look again
    // Moved into the box, the widget was disconnected and connected again: its card may be drawn a task later.
    await until(() => dark.getAttribute('kith-theme') == 'dark' && dark.shadowRoot!.querySelector('.card'), 'dark on a dark page');
    ok(contrast(style($(dark, '.card')).backgroundColor, 'rgb(0, 0, 0)') < 2, 'a dark card');
  });

  it('no motion unless the visitor allows it', async () => {
    const s = await setup();
    s.seed('look/motion', [0, 0, 0, 0, 0]);
    s.fail('PUT', 'ratings/mine', 'network', 3);
    const el = await mount('look/motion');
    await loaded(el);
    stars(el)[2]!.click();
    await until(() => el.shadowRoot!.querySelector('.pending .icon'), 'pending icon');
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    eq(style(el.shadowRoot!.querySelector('.pending .icon')!).animationName, 'none');
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    eq(style(el.shadowRoot!.querySelector('.pending .icon')!).animationName, 'kith-pulse');
    dispatchEvent(new Event('online'));
    await until(() => !el.matches(':state(pending)'), 'sent', 8000);
  });

  for (const theme of ['light', 'dark'] as const)
    it(`has no axe violations in any state (${theme})`, async () => {
      const s = await setup({ theme });
      s.seed('look/axe', [1, 2, 3, 4, 5], { principal: 'user-a', value: 4 });
      s.seed('look/axe-zero', [0, 0, 0, 0, 0]);
      const widgets = [await mount('look/axe'), await mount('look/axe-zero'), await mount('look/axe', { variant: 'inline' }), await mount('look/axe', { readonly: '' })];
      await until(() => widgets.every((w) => w.matches(':state(loaded)')), 'loaded');
      for (const widget of widgets) await axe(widget);
    });
});
