// Intl objects are costly to build (a 50-widget page spent a third of its render making them): one of each
// per language and options, for the life of the page.
const made = new Map<string, unknown>();

/** The Intl object `make` builds, made once per `key` (a kind letter and the language) for the page. */
export const intlOnce = <T>(key: string, make: () => T): T => {
  let value = made.get(key) as T | undefined;
  if (!value) made.set(key, (value = make()));
  return value;
};

const pluralRules = (lang: string): Intl.PluralRules => intlOnce('p' + lang, () => new Intl.PluralRules(lang));

/** A whole English count below 1,000, which Intl would write as plain digits: the first Intl object a page
 * makes loads ICU's data (50–90 ms on a slow machine), which a page of English tag clouds never needs. */
export const plainEnglishCount = (lang: string, n: number): boolean => /^en\b/.test(lang) && Number.isInteger(n) && n >= 0 && n < 1e3;

/** `n`'s CLDR plural category in the language (`one`, `few`, …). */
export const pluralCategory = (lang: string, n: number): Intl.LDMLPluralRule =>
  plainEnglishCount(lang, n) ? (n == 1 ? 'one' : 'other') : pluralRules(lang).select(n);

/** Numbers as text around them: at most one decimal (`4.2`, German `4,2`). */
export const decimalFormat = (lang: string): Intl.NumberFormat =>
  intlOnce('d' + lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }));

/** Sorting words as the language does (the tag cloud's A–Z order). */
export const collator = (lang: string): Intl.Collator => intlOnce('c' + lang, () => new Intl.Collator(lang));
