import { pageScheme } from '../../src/core/theme.js';
import { eq } from '../support/assert.js';
import { emulateMedia, resetMedia } from '../support/media.js';

/** A box with `style` holding a probe element; removed after the test. */
const inBox = (style: string) => {
  const box = document.createElement('div');
  box.setAttribute('style', style);
  const probe = document.createElement('span');
  box.append(probe);
  document.body.append(box);
  return probe;
};

describe('theme: auto follows the host page', () => {
  afterEach(async () => {
    document.querySelectorAll('body > div').forEach((box) => box.remove());
    await resetMedia();
  });

  it('a page that declares no color scheme is light, even when the OS is dark: nothing to pin, and light-dark() inherits light', async () => {
    await emulateMedia([{ name: 'prefers-color-scheme', value: 'dark' }]);
    eq(matchMedia('(prefers-color-scheme: dark)').matches, true, 'the OS is dark');
    const probe = inBox('');
    eq(pageScheme(probe), undefined);
    probe.style.color = 'light-dark(rgb(1, 2, 3), rgb(4, 5, 6))';
    eq(getComputedStyle(probe).color, 'rgb(1, 2, 3)', 'an element that inherits the page\'s scheme resolves light');
    probe.parentElement!.style.colorScheme = 'dark';
    eq(getComputedStyle(probe).color, 'rgb(4, 5, 6)', 'unpinned, it follows the page when the page switches its scheme');
  });

  it('a dark page that declares no color scheme is dark (the background behind the widget decides)', () => {
    eq(pageScheme(inBox('background: #1e1e1e; color: #eee')), 'dark');
    eq(pageScheme(inBox('background: rgb(240 240 240)')), undefined, 'light: nothing to pin');
    eq(pageScheme(inBox('background: rgba(0, 0, 0, 0.1)')), undefined, 'a faint overlay on a white page');
  });

  it('a page that declares a scheme is inherited as it is (undefined: no override)', () => {
    eq(pageScheme(inBox('color-scheme: dark')), undefined);
    eq(pageScheme(inBox('color-scheme: light dark')), undefined);
    eq(pageScheme(inBox('color-scheme: light')), undefined);
  });

  it('looks through shadow roots to the host page', () => {
    const host = inBox('background: #101010');
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('b');
    root.append(inner);
    eq(pageScheme(inner), 'dark');
  });
});
