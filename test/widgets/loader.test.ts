import { options } from '../../src/core/config.js';
import { VERSION } from '../../src/core/version.js';
import { eq, ok, sleep, until } from '../support/assert.js';

declare global {
  interface Window {
    __kithLoads?: string[];
    Kith?: any;
  }
}

describe('script-tag loader (src/loader/kith.ts)', () => {
  before(async () => {
    // The loader finds its own <script> by src; a non-JS type keeps the browser from running this one.
    const tag = document.createElement('script');
    tag.type = 'text/x-kith-test';
    tag.src = '/test/support/fake-dist/kith.js';
    Object.assign(tag.dataset, { site: 'loader-site', lang: 'de', theme: 'dark', token: 'from-attr' });
    document.head.append(tag);
    window.Kith = { token: 'set-before' };
    document.body.append(document.createElement('kith-nope'));
    await import('../../src/loader/kith.js');
  });

  it('configures from data-* attributes, keeps options the page set earlier, and exposes window.Kith', () => {
    const o = options();
    eq([o.site, o.lang, o.theme, o.api], ['loader-site', 'de', 'dark', location.origin]);
    eq(o.token, 'set-before');
    eq(window.Kith.version, VERSION);
    window.Kith.configure({ lang: 'fr' });
    eq(options().lang, 'fr');
  });

  it('imports a widget module, relative to its own URL, when the tag appears later', async () => {
    await sleep(50);
    eq(window.__kithLoads, undefined, 'nothing loaded without a kith-rating tag');
    const wrap = document.createElement('div');
    wrap.innerHTML = '<section><kith-rating subject="a"></kith-rating></section>';
    document.body.append(wrap);
    await until(() => window.__kithLoads?.length, 'rating module imported');
    eq(window.__kithLoads, ['kith-rating'], 'imported once and registered under its tag');
    ok(performance.getEntriesByType('resource').some((e) => e.name.endsWith('/test/support/fake-dist/widgets/rating/rating.component.js')));
    ok(customElements.get('kith-rating'), 'defined');
  });

  it('ignores unknown kith-* tags', () => {
    eq(performance.getEntriesByType('resource').filter((e) => e.name.includes('nope')).length, 0);
  });
});
