// Strings: lookup order, CLDR plural categories, numbers in the text's own language, site overrides.
import { configure } from '../../src/core/config.js';
import { localeFor } from '../../src/core/locale.js';
import { formatNumber, registerStrings } from '../../src/core/strings.js';
import { pluralCategory, plainEnglishCount } from '../../src/core/intl.js';
import { ratingStrings } from '../../src/widgets/rating/rating.strings.js';
import { eq, ok } from '../support/assert.js';

const text = (tag: string, key: string, params?: Record<string, string | number>) => ratingStrings.text(localeFor(tag), key, params);

describe('strings', () => {
  before(() => Promise.all(['de', 'fr', 'ja', 'ar'].map((language) => ratingStrings.load(language))));
  afterEach(() => configure({ lang: '', strings: {} }));

  it('fills parameters and chooses the plural form by the CLDR category of {n}', () => {
    eq(text('en', 'count', { n: 1 }), '1 rating');
    eq(text('en', 'count', { n: 132 }), '132 ratings');
    eq(text('en', 'summary', { avg: 4.21, max: 5, n: 132 }), '4.2 of 5 stars, 132 ratings');
    // French: 0 and 1 are `one`, a million is `many`.
    eq(text('fr', 'count', { n: 0 }), '0 évaluation');
    eq(text('fr', 'count', { n: 1000000 }), '1\u202f000\u202f000 d’évaluations');
    eq(text('ja', 'count', { n: 1 }), '1件の評価');
  });

  it('uses all six Arabic forms, whatever order pluralCategories lists them in', () => {
    const forms = [0, 1, 2, 3, 11, 100].map((n) => [new Intl.PluralRules('ar').select(n), text('ar', 'count', { n })]);
    const arabic = (n: number) => new Intl.NumberFormat('ar').format(n);
    eq(forms, [
      ['zero', 'لا تقييمات'],
      ['one', 'تقييم واحد'],
      ['two', 'تقييمان'],
      ['few', `${arabic(3)} تقييمات`],
      ['many', `${arabic(11)} تقييمًا`],
      ['other', `${arabic(100)} تقييم`],
    ]);
  });

  it('writes English whole counts below 1,000 without Intl, exactly as Intl writes them', () => {
    for (const tag of ['en', 'en-GB', 'en-US', 'en-IN'])
      for (let n = 0; n < 1000; n++) {
        ok(plainEnglishCount(tag, n), `${tag} ${n} takes the plain path`);
        eq(formatNumber(tag, n), new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(n), `${tag} ${n}`);
        eq(pluralCategory(tag, n), new Intl.PluralRules(tag).select(n), `${tag} ${n} plural`);
      }
    // Everything else still goes through Intl: other languages, fractions, 1,000 and more, negatives.
    for (const [tag, n] of [['de', 5], ['ar', 3], ['en', 1.5], ['en', 1000], ['en', -1], ['eng', 2]] as const) ok(!plainEnglishCount(tag, n), `${tag} ${n} uses Intl`);
    eq(formatNumber('en', 1234), '1,234');
    eq(formatNumber('ar', 3), new Intl.NumberFormat('ar', { maximumFractionDigits: 1 }).format(3));
  });

  it('formats numbers in the language of the text around them', () => {
    eq(`${text('de', 'summary', { avg: 3.7, max: 5, n: 14 })}`, '3,7 von 5 Sternen, 14 Bewertungen');
    eq(text('de-CH', 'count', { n: 1234 }), `${(1234).toLocaleString('de-CH')} Bewertungen`, 'the page’s region where the text is its language');
    ok((1234).toLocaleString('de-CH') != (1234).toLocaleString('de'), 'Swiss German groups digits its own way');
    // Portuguese has no catalog: the text is English, so are its numbers.
    eq(text('pt-BR', 'summary', { avg: 3.7, max: 5, n: 1234 }), '3.7 of 5 stars, 1,234 ratings');
  });

  it('falls back to English, and to the shared strings', () => {
    eq(text('de', 'retry'), 'Erneut versuchen', 'a shared string through the widget');
    eq(text('xx', 'retry'), 'Retry');
    eq(text('en', 'no-such-key'), 'no-such-key');
    ok(ratingStrings.has('retry') && ratingStrings.has('forbidden') && !ratingStrings.has('no-such-key'));
  });

  it('lets a site replace strings (widget keys prefixed) and add a language, with English numbers for what it lacks', () => {
    registerStrings('de', { retry: 'Nochmal', 'rating.count': { one: '{n} Stimme', other: '{n} Stimmen' } });
    eq(text('de', 'retry'), 'Nochmal');
    eq(text('de', 'count', { n: 1234 }), '1.234 Stimmen');
    eq(text('de', 'rate'), 'Bewerten', 'the rest of the catalog stays');
    registerStrings('pt', { 'rating.count': { one: '{n} avaliação', other: '{n} avaliações' } });
    const portuguese = localeFor('pt-BR');
    eq(portuguese.language, 'pt');
    eq(ratingStrings.text(portuguese, 'count', { n: 1234 }), '1.234 avaliações');
    eq(ratingStrings.text(portuguese, 'summary', { avg: 3.5, max: 5, n: 2 }), '3.5 of 5 stars, 2 ratings', 'English where the site gave nothing');
  });

  it('isolates text parameters in right-to-left text', () => {
    const message = ratingStrings.text(localeFor('ar'), 'origin_not_allowed', { origin: 'https://crm.example', site: 'acme' });
    ok(message.includes('\u2068https://crm.example\u2069') && message.includes('\u2068acme\u2069'), message);
    eq(text('en', 'origin_not_allowed', { origin: 'https://crm.example', site: 'acme' }), 'This page (https://crm.example) may not use site acme.');
  });
});
