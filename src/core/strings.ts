import { configure, options, registry } from './config.js';
import { decimalFormat, pluralIndex } from './intl.js';

type Catalog = Record<string, string>;

/** The one place user-visible text lives. `{x}` is a parameter; `a|b` are plural forms in the order of
 * `Intl.PluralRules(lang).resolvedOptions().pluralCategories` (English: one|other), chosen by `{n}`. */
const en: Catalog = {
  loading: 'Loading ratings…',
  summary: '{avg} of 5 stars, {n} rating|{avg} of 5 stars, {n} ratings',
  none: 'No ratings yet',
  first: 'Be the first to rate this.',
  count: '{n} rating|{n} ratings',
  star: '{n} star|{n} stars',
  bar: '{stars}: {n}',
  rate: 'Rate this',
  signIn: 'Sign in to rate',
  mine: 'Your rating: {n} star|Your rating: {n} stars',
  notMine: 'Not rated by you',
  remove: 'Remove my rating',
  saving: 'Saving…',
  offline: 'Will be sent when you are back online',
  retrying: 'Not saved yet, trying again…',
  retry: 'Retry',
  loadFailed: 'Ratings could not be loaded.',
  loadFailedShort: 'Not loaded',
  stale: 'Saved ratings shown: the server could not be reached.',
  failed: 'Your rating could not be saved.',
  noSite: 'Kith is not set up on this page: the script tag has no data-site.',
  noSiteShort: 'Not set up',
  origin_not_allowed: 'The Kith site does not allow this page’s origin, {origin}.',
  site_not_found: 'There is no Kith site “{site}”.',
  badSubject: 'This rating’s subject is not valid.',
  guests_not_allowed: 'Sign in to rate.',
  unauthorized: 'Please sign in again to rate.',
  token_expired: 'Please sign in again to rate.',
  forbidden: 'You may not rate this.',
};

/** Adds or overrides strings for a language (`registerStrings('de', { retry: 'Erneut versuchen' })`),
 * keeping the others. Script-tag pages pass them whole: `Kith.configure({ strings: { de: { … } } })`. */
export const registerStrings = (lang: string, strings: Catalog): void => {
  const all = options().strings;
  configure({ strings: { ...all, [lang]: { ...all?.[lang], ...strings } } });
};

/** The current language: configured, else `<html lang>`, else `en`. */
export const lang = (): string => options().lang || document.documentElement.lang || 'en';

/** Whether a catalog has `key` (English counts). */
export const hasString = (key: string): boolean => t(key) != key;

/** Texts already made from a key and a count alone (star and chart labels: a page of ratings asks for the
 * same ones thousands of times); emptied when the options change. */
const counted = new Map<string, string>();
registry().addEventListener('change', () => counted.clear());

/** The text for `key` in the current language (falls back to the base language, then English). */
export const t = (key: string, params: Record<string, string | number> = {}): string => {
  const names = Object.keys(params);
  if (names.length == 1 && names[0] == 'n') {
    const memo = lang() + ' ' + key + ' ' + params.n;
    let text = counted.get(memo);
    if (text === undefined) counted.set(memo, (text = translate(key, params)));
    return text;
  }
  return translate(key, params);
};

const translate = (key: string, params: Record<string, string | number>): string => {
  const language = lang();
  const catalogs = options().strings ?? {};
  const text = catalogs[language]?.[key] ?? catalogs[language.split('-')[0]!]?.[key] ?? catalogs.en?.[key] ?? en[key] ?? key;
  const forms = text.split('|');
  const form = forms.length > 1 ? (forms[pluralIndex(language, +params.n!)] ?? forms.at(-1)!) : text;
  return form.replace(/\{(\w+)\}/g, (_, name) => {
    const value = params[name]!;
    return typeof value == 'number' ? formatNumber(value) : String(value);
  });
};

const formatted = new Map<string, string>();

/** A number in the current language, at most one decimal (remembered: a page of ratings formats the same
 * few numbers thousands of times). */
export const formatNumber = (n: number): string => {
  const key = lang() + n;
  let text = formatted.get(key);
  if (text === undefined) formatted.set(key, (text = decimalFormat(lang()).format(n)));
  return text;
};
