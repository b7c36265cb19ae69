import { options } from '../../src/core/config.js';
import { VERSION } from '../../src/core/version.js';
import { eq, ok, sleep, until } from '../support/assert.js';

declare global {
  interface Window {
    __kithLoads?: string[];
    Kith?: any;
  }
}

const QUEUE_SNIPPET = 'window.Kith = window.Kith || { q: [], configure: function (o) { Kith.q.push(o) } };';

describe('script-tag loader (src/loader/kith.ts)', () => {
  before(async () => {
    // The loader finds its own <script> by src; a non-JS type keeps the browser from running this one.
    const tag = document.createElement('script');
    tag.type = 'text/x-kith-test';
    tag.src = '/test/support/fake-dist/kith.js';
    Object.assign(tag.dataset, { site: 'loader-site', lang: 'de', theme: 'dark', token: 'from-attr', signInUrl: '/login' });
    document.head.append(tag);
    // The queue snippet of docs/admin.md, word for word, then calls to it before the tag has run.
    new Function(QUEUE_SNIPPET)();
    window.Kith.token = 'set-before'; // options set on the object itself also count
    window.Kith.configure({ theme: 'light' });
    window.Kith.configure({ signInUrl: '/sso', lang: 'de' });
    document.body.append(document.createElement('kith-nope'));
    await import('../../src/loader/kith.js');
  });

  it('has the queue snippet that docs/admin.md gives', async () => {
    const docs = await (await fetch('/docs/admin.md')).text();
    ok(docs.includes(QUEUE_SNIPPET), 'docs/admin.md shows the snippet this test runs');
  });

  it('configures from data-* attributes, then applies what the page set or queued earlier, in order, and exposes window.Kith', () => {
    const o = options();
    eq([o.site, o.lang, o.api], ['loader-site', 'de', location.origin]);
    eq(o.theme, 'light', 'a queued configure() call wins over data-theme');
    eq(o.signInUrl, '/sso', 'the later queued call wins over data-sign-in-url');
    eq(o.token, 'set-before');
    ok(!('q' in window.Kith), 'the queue is gone once applied');
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
