// <kith-rating> in six languages and right to left: text from the widget's own catalog, numbers and
// plurals through Intl in the same language, catalogs loaded only for languages on the page, stars that
// fill from the right and keys that follow the visual direction.
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { configure } from '../../src/core/config.js';
import type { KithRating } from '../../src/widgets/rating/rating.component.js';
import { eq, ok, until } from '../support/assert.js';
import { $, $$, fills, loaded, setup, stars, text } from '../support/rating.js';

/** Catalog modules other than English (part of the code) that the page has fetched so far. */
const catalogsFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => /\/i18n\/(?!en\.)\w+\.ts$/.test(path))
    .sort();

/** A rating inside an element with these attributes (a CRM cell in another language, say). */
const mountIn = async (attributes: Record<string, string>, subject: string, variant = 'card'): Promise<KithRating> => {
  const box = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) box.setAttribute(name, value);
  const rating = document.createElement('kith-rating');
  rating.setAttribute('subject', subject);
  rating.setAttribute('variant', variant);
  box.append(rating);
  document.body.append(box);
  await loaded(rating);
  return rating;
};

const starLabel = (rating: KithRating) => $(rating, '[part=stars]').getAttribute('aria-label');

describe('<kith-rating> languages', () => {
  afterEach(() => document.querySelectorAll('div:has(> kith-rating)').forEach((box) => box.remove()));

  it('an English page loads no catalog', async () => {
    const s = await setup({ lang: '' });
    s.seed('lang/en', [0, 0, 1, 1, 0]);
    const rating = await mountIn({}, 'lang/en');
    eq(text(rating, 'count'), '3.5 · 2 ratings');
    eq(catalogsFetched(), []);
  });

  it('a German block of the page: German text with German numbers, and only the German catalogs', async () => {
    const s = await setup({ lang: '' });
    s.seed('lang/de', [0, 1, 1, 6, 6]);
    const rating = await mountIn({ lang: 'de' }, 'lang/de');
    eq(text(rating, 'count'), '4,2 · 14 Bewertungen');
    eq(starLabel(rating), 'Bewerten: 4,2 von 5 Sternen, 14 Bewertungen');
    eq(stars(rating).map((star) => star.getAttribute('aria-label')), ['1 Stern', '2 Sterne', '3 Sterne', '4 Sterne', '5 Sterne']);
    eq($(rating, '[part=base]').getAttribute('lang'), 'de');
    eq(catalogsFetched(), ['/src/core/i18n/de.ts', '/src/widgets/rating/i18n/de.ts']);
  });

  it('each of six languages on one page, each in its own words and numbers', async () => {
    const s = await setup({ lang: '' });
    s.seed('lang/all', [1, 0, 0, 0, 1]);
    const counts: Record<string, string> = {};
    for (const lang of ['en', 'de', 'fr', 'es', 'ja', 'ar']) counts[lang] = text(await mountIn({ lang }, 'lang/all'), 'count');
    const three = (lang: string) => new Intl.NumberFormat(lang).format(3);
    eq(counts, {
      en: '3 · 2 ratings',
      de: '3 · 2 Bewertungen',
      fr: '3 · 2 évaluations',
      es: '3 · 2 valoraciones',
      ja: '3 · 2件の評価',
      ar: `${three('ar')} · تقييمان`,
    });
  });

  it('follows configure({ lang }) over the page, and a page that switches <html lang>', async () => {
    const s = await setup({ lang: '' });
    s.seed('lang/switch', [0, 0, 0, 2, 0]);
    const rating = await mountIn({}, 'lang/switch');
    document.documentElement.lang = 'fr';
    await until(() => text(rating, 'count') == '4 · 2 évaluations', 'French after <html lang="fr">');
    configure({ lang: 'es' });
    await until(() => text(rating, 'count') == '4 · 2 valoraciones', 'Spanish after configure');
    configure({ lang: '' });
    document.documentElement.removeAttribute('lang');
    await until(() => text(rating, 'count') == '4 · 2 ratings', 'English again');
  });

  it('counts the own vote in Arabic with the right plural form', async () => {
    const s = await setup({ lang: '' });
    s.seed('lang/mine', [0, 0, 0, 0, 0], { principal: 'user-a', value: 2 });
    const rating = await mountIn({ lang: 'ar' }, 'lang/mine');
    ok(text(rating, 'message').includes('تقييمك: نجمتان'), text(rating, 'message'));
  });
});

describe('<kith-rating> right to left', () => {
  afterEach(async () => {
    document.querySelectorAll('div:has(> kith-rating)').forEach((box) => box.remove());
    await resetMouse();
  });

  it('lays the stars out from the right and fills them from the right', async () => {
    const s = await setup({ lang: '' });
    s.seed('rtl/fill', [0, 1, 1, 0, 0]);
    const rating = await mountIn({ lang: 'ar' }, 'rtl/fill');
    eq($(rating, '[part=base]').getAttribute('dir'), 'rtl');
    const [first, , third] = stars(rating).map((star) => star.getBoundingClientRect());
    ok(first!.left > third!.left, 'star 1 is the rightmost');
    eq(fills(rating)[2], '50%');
    const clip = getComputedStyle($$(rating, '[part=star] .fill')[2]!).clipPath;
    eq(clip, 'inset(0px 0px 0px 50%)', 'the half star is filled on its right');
  });

  it('takes the direction from dir around the widget: an English card on a right-to-left page', async () => {
    const s = await setup({ lang: '' });
    s.seed('rtl/dir', [0, 0, 0, 1, 0]);
    const rating = await mountIn({ dir: 'rtl' }, 'rtl/dir');
    eq(text(rating, 'count'), '4 · 1 rating');
    eq($(rating, '[part=base]').getAttribute('dir'), 'rtl');
    const [first, second] = stars(rating).map((star) => star.getBoundingClientRect());
    ok(first!.left > second!.left);
  });

  it('card: Left moves toward more stars, Right toward fewer', async () => {
    const s = await setup({ lang: '' });
    s.seed('rtl/radio', [0, 0, 0, 0, 0]);
    const rating = await mountIn({ lang: 'ar' }, 'rtl/radio');
    stars(rating)[0]!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    eq(rating.shadowRoot!.activeElement, stars(rating)[2], 'star 3 has focus');
    await sendKeys({ press: 'ArrowRight' });
    eq(rating.shadowRoot!.activeElement, stars(rating)[1]);
  });

  it('inline: Left adds a star, and a click on the right end is one star', async () => {
    const s = await setup({ lang: '' });
    s.seed('rtl/slider', [0, 0, 0, 0, 0]);
    const rating = await mountIn({ lang: 'ar' }, 'rtl/slider', 'inline');
    const values: (number | null)[] = [];
    rating.addEventListener('kith-change', (event) => values.push(event.detail.value));
    const slider = $(rating, '[part=stars]');
    slider.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowRight' });
    const box = slider.getBoundingClientRect();
    const middle = Math.round(box.top + box.height / 2);
    await sendMouse({ type: 'click', position: [Math.round(box.left + 3), middle] });
    await sendMouse({ type: 'click', position: [Math.round(box.right - 3), middle] });
    eq(values, [1, 2, 1, 5, 1], 'left end five stars, right end one');
  });
});
