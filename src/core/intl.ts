// Intl objects are costly to build (a 50-widget page spent a third of its render making them): one of each
// per language and options, for the life of the page.

/** `make(tag)`, made once per language tag for the page. Each kind of Intl object (with its options) is one such
 * function with a store of its own, so no kind can be handed another's object (a shared store keyed by letters once
 * gave the feed's dates the numbers' format: "1,768,471,200,000"). */
export const perLanguage = <T>(make: (tag: string) => T): ((tag: string) => T) => {
  const made = new Map<string, T>();
  return (tag) => {
    let value = made.get(tag);
    if (!value) made.set(tag, (value = make(tag)));
    return value;
  };
};

const pluralRules = perLanguage((lang) => new Intl.PluralRules(lang));

/** A whole English count below 1,000, which Intl would write as plain digits: the first Intl object a page
 * makes loads ICU's data (50–90 ms on a slow machine), which a page of English tag clouds never needs. */
export const plainEnglishCount = (lang: string, n: number): boolean => /^en\b/.test(lang) && Number.isInteger(n) && n >= 0 && n < 1e3;

/** `n`'s CLDR plural category in the language (`one`, `few`, …). */
export const pluralCategory = (lang: string, n: number): Intl.LDMLPluralRule =>
  plainEnglishCount(lang, n) ? (n == 1 ? 'one' : 'other') : pluralRules(lang).select(n);

/** Numbers as text around them: at most one decimal (`4.2`, German `4,2`). */
export const decimalFormat = perLanguage((lang) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }));

/** Sorting words as the language does (the tag cloud's A–Z order). */
export const collator = perLanguage((lang) => new Intl.Collator(lang));
