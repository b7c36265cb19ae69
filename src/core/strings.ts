// User-visible text. Each widget owns its strings (src/widgets/<name>/i18n/<lang>.ts); src/core/i18n/ has
// the ones every widget shares. English is part of the code; every other language is a chunk of its own,
// imported the first time a widget is shown in it.
import { configure, options, registry } from './config.js';
import { decimalFormat, plainEnglishCount, pluralCategory } from './intl.js';
import type { Locale } from './locale.js';
import english from './i18n/en.js';

/** One text per CLDR plural category the language has (`Intl.PluralRules(lang).select(n)`), chosen by the
 * `{n}` parameter; `other` is always there. */
export type PluralText = { [category in Intl.LDMLPluralRule]?: string } & { other: string };
/** A text: `{name}` is a parameter. */
export type Text = string | PluralText;
export type Catalog = Record<string, Text>;
/** Imports a language's catalog (a dynamic `import()`, so each language is a chunk of its own). */
export type CatalogLoader = () => Promise<{ default: Catalog }>;
type Params = Record<string, string | number>;

/** Unicode isolates around a text parameter in right-to-left text: a URL or a name written left to right
 * keeps its own order and does not move the punctuation around it. */
const isolate = (text: string) => '\u2068' + text + '\u2069';

/**
 * One catalog family: English, the loaders of the other languages, and the strings a site added or replaced
 * (`Kith.configure({ strings: { de: { 'rating.retry': … } } })`, a widget's keys prefixed with its name).
 * Keys it lacks are looked up in `shared` (the core's), whose keys sites write without a prefix.
 */
export class Strings {
  #catalogs = new Map<string, Catalog>();
  #loading = new Map<string, Promise<unknown>>();
  /** Texts already made, by language, key and parameters (a page of ratings asks for the same star and chart
   * labels thousands of times, a table of tag clouds for the same few tags' names); emptied when the options
   * change, and when it holds a thousand (a long thread's many names and dates). */
  #made = new Map<string, string>();

  constructor(
    readonly name: string,
    english: Catalog,
    readonly loaders: Record<string, CatalogLoader>,
    readonly shared?: Strings,
  ) {
    this.#catalogs.set('en', english);
    registry().addEventListener('change', () => this.#made.clear());
  }

  /** Whether `language`'s catalogs (this one's and the shared one's) are here. */
  ready(language: string): boolean {
    return (this.#catalogs.has(language) || !this.loaders[language]) && (!this.shared || this.shared.ready(language));
  }

  /** Loads `language`'s catalogs. A catalog that cannot be loaded is left out (its texts fall back to
   * English, formatted in English), with a warning. */
  load(language: string): Promise<unknown> {
    const loader = this.loaders[language];
    let loading = this.#loading.get(language);
    if (!loading) {
      loading = Promise.all([
        loader &&
          loader().then(
            (module) => this.#catalogs.set(language, module.default),
            (error) => (this.#catalogs.set(language, {}), console.warn(`Kith: the ${language} strings could not be loaded; English is shown.`, error)),
          ),
        this.shared?.load(language),
      ]).then(() => this.#made.clear());
      this.#loading.set(language, loading);
    }
    return loading;
  }

  /** The text for `key` and the tag to format it with: the site's own, the catalog's, then English. */
  #lookup(key: string, locale: Locale): [Text, string] | undefined {
    const added = options().strings ?? {};
    const addedKey = this.name ? this.name + '.' + key : key;
    const text = added[locale.language]?.[addedKey] ?? this.#catalogs.get(locale.language)?.[key];
    if (text !== undefined) return [text, locale.tag];
    const fallback = added.en?.[addedKey] ?? this.#catalogs.get('en')![key];
    return fallback !== undefined ? [fallback, 'en'] : this.shared && this.shared.#lookup(key, locale);
  }

  /** Whether there is a text for `key`. */
  has(key: string): boolean {
    return !!this.#lookup(key, { language: 'en', tag: 'en', dir: 'ltr' });
  }

  /** The text for `key` in `locale`, with `params` filled in: numbers formatted in the text's language,
   * the plural form chosen by `n`. An unknown key is returned as it is. */
  text(locale: Locale, key: string, params: Params = {}): string {
    const memo = locale.tag + ' ' + locale.dir + ' ' + key + ' ' + JSON.stringify(params);
    let text = this.#made.get(memo);
    if (text === undefined) {
      if (this.#made.size > 999) this.#made.clear();
      this.#made.set(memo, (text = this.#make(locale, key, params)));
    }
    return text;
  }

  #make(locale: Locale, key: string, params: Params): string {
    const [text, tag] = this.#lookup(key, locale) ?? [key, 'en'];
    const form = typeof text == 'string' ? text : (text[pluralCategory(tag, +(params.n ?? 0))] ?? text.other);
    return form.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = params[name];
      return typeof value == 'number' ? formatNumber(tag, value) : value === undefined ? placeholder : locale.dir == 'rtl' ? isolate(value) : value;
    });
  }
}

/** The strings every widget shares (retry, saving, setup errors). */
export const sharedStrings = new Strings('', english, {
  de: () => import('./i18n/de.js'),
  fr: () => import('./i18n/fr.js'),
  es: () => import('./i18n/es.js'),
  ja: () => import('./i18n/ja.js'),
  ar: () => import('./i18n/ar.js'),
});

/** Adds or replaces strings for a language, keeping the others: `registerStrings('de', { retry: 'Nochmal',
 * 'rating.count': { one: '{n} Stimme', other: '{n} Stimmen' } })`. A language no catalog ships is added. */
export const registerStrings = (lang: string, strings: Catalog): void => {
  const all = options().strings;
  configure({ strings: { ...all, [lang]: { ...all?.[lang], ...strings } } });
};

const formatted = new Map<string, string>();

/** A number in `tag`'s language, at most one decimal (remembered: a page of ratings formats the same few
 * numbers thousands of times). */
export const formatNumber = (tag: string, n: number): string => {
  const memo = tag + ' ' + n;
  let text = formatted.get(memo);
  if (text === undefined) formatted.set(memo, (text = plainEnglishCount(tag, n) ? String(n) : decimalFormat(tag).format(n)));
  return text;
};
