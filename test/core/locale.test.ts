// Where a widget's language and direction come from.
import { configure } from '../../src/core/config.js';
import { localeOf } from '../../src/core/locale.js';
import { eq } from '../support/assert.js';

const html = document.documentElement;

const place = (markup: string): Element => {
  const box = document.createElement('div');
  box.innerHTML = markup;
  document.body.append(box);
  return box.querySelector('#here')!;
};

describe('locale', () => {
  afterEach(() => {
    configure({ lang: '' });
    html.removeAttribute('lang');
    html.removeAttribute('dir');
    document.body.replaceChildren();
  });

  it('is English without any lang', () => {
    eq(localeOf(place('<span id="here"></span>')), { language: 'en', tag: 'en', dir: 'ltr' });
  });

  it('takes <html lang>, then the closest lang attribute, then the configured language', () => {
    html.lang = 'fr';
    const element = place('<div lang="de-AT"><p><span id="here"></span></p></div>');
    const other = place('<span id="here"></span>');
    eq(localeOf(other), { language: 'fr', tag: 'fr', dir: 'ltr' });
    eq(localeOf(element), { language: 'de', tag: 'de-AT', dir: 'ltr' });
    configure({ lang: 'ja' });
    eq(localeOf(element).language, 'ja');
  });

  it('looks through shadow roots to their hosts', () => {
    const host = place('<section lang="es" id="here"></section>');
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    eq(localeOf(inner).tag, 'es');
  });

  it('reads a tag it has no catalog for as English, and a malformed one too', () => {
    eq(localeOf(place('<span lang="pt-BR" id="here"></span>')), { language: 'en', tag: 'en', dir: 'ltr' });
    eq(localeOf(place('<span lang="de_CH" id="here"></span>')).tag, 'de-CH');
    eq(localeOf(place('<span lang="!!" id="here"></span>')).tag, 'en');
  });

  it('writes Arabic right to left, and follows a dir at least as close as the lang', () => {
    eq(localeOf(place('<div lang="ar"><span id="here"></span></div>')).dir, 'rtl');
    eq(localeOf(place('<div lang="ar"><p dir="ltr"><span id="here"></span></p></div>')).dir, 'ltr', 'a closer dir wins');
    eq(localeOf(place('<div dir="ltr"><p lang="ar"><span id="here"></span></p></div>')).dir, 'rtl', 'a farther dir does not');
    html.lang = 'he';
    html.dir = 'rtl';
    eq(localeOf(place('<span id="here"></span>')), { language: 'en', tag: 'en', dir: 'rtl' }, 'a Hebrew page: English text, laid out as the page');
    configure({ lang: 'de' });
    eq(localeOf(place('<span id="here"></span>')).dir, 'ltr', 'a configured language brings its own direction');
  });
});
