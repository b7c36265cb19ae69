import { options, registry } from './config.js';
import { composedParent } from './composed-parent.js';
import { LANGUAGES } from './languages.js';

/** Languages written right to left (their base subtags). */
const RIGHT_TO_LEFT = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'iw', 'ps', 'sd', 'ug', 'ur', 'yi']);

/**
 * The language of a widget's text. `language`: the catalog it is written from (`de`, or a language the
 * site added with `Kith.configure({ strings })`); `tag`: what numbers, dates and plurals are formatted with,
 * the page's own tag where it is that language (`de-CH`), else the catalog's; `dir`: its direction.
 */
export interface Locale {
  language: string;
  tag: string;
  dir: 'ltr' | 'rtl';
}

const baseOf = (tag: string) => tag.split('-')[0]!;

/** A valid, canonical BCP 47 tag, or undefined (`en_US` is read as `en-US`). */
const canonical = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
};

/** The catalog language for a tag: the tag itself or its base language where a catalog (shipped or added
 * by the site) exists, else English. */
const catalogLanguage = (tag: string): string => {
  const added = options().strings ?? {};
  const base = baseOf(tag);
  if (tag in added && tag != base) return tag;
  return (LANGUAGES as readonly string[]).includes(base) || base in added ? base : 'en';
};

const locales = new Map<string, Locale>();
// Which languages have catalogs depends on the sites' added strings: work locales out again on every change.
registry().addEventListener('change', () => locales.clear());

/** The locale for a language tag and, where the page gives one, a direction. */
export const localeFor = (requested: string, dir?: 'ltr' | 'rtl'): Locale => {
  const memo = requested + ' ' + dir;
  let locale = locales.get(memo);
  if (!locale) {
    const tag = canonical(requested) ?? 'en';
    const language = catalogLanguage(tag);
    locale = {
      language,
      tag: baseOf(tag).toLowerCase() == baseOf(language).toLowerCase() ? tag : language,
      dir: dir ?? (RIGHT_TO_LEFT.has(baseOf(language)) ? 'rtl' : 'ltr'),
    };
    locales.set(memo, locale);
  }
  return locale;
};

/**
 * A widget's locale, from (in order) `Kith.configure({ lang })` or `data-lang`; the closest `lang`
 * attribute around it (also across shadow roots: CRM pages mix languages); `<html lang>` (the outermost
 * of those); `en`. The direction is the closest `dir` attribute's when it is at least as close as that
 * `lang` (a page that says `lang="he" dir="rtl"` about itself), else the language's own.
 */
export const localeOf = (element: Element): Locale => {
  const configured = options().lang;
  let lang: string | undefined;
  let dir: 'ltr' | 'rtl' | undefined;
  for (let node: Element | null = element; node && !lang; node = composedParent(node)) {
    const direction = node.getAttribute('dir')?.toLowerCase();
    if (!dir && (direction == 'ltr' || direction == 'rtl')) dir = direction;
    lang = node.getAttribute('lang') || undefined;
  }
  return localeFor(configured || lang || 'en', configured ? undefined : dir);
};
