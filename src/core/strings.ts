import { options } from './config.js';

type Catalog = Record<string, string>;

/** The one place user-visible text lives. `{x}` is a parameter; `a|b` are plural forms in the order of
 * `Intl.PluralRules(lang).resolvedOptions().pluralCategories` (English: one|other), chosen by `{n}`. */
const en: Catalog = {
  loading: 'Loading ratings…',
  summary: '{avg} of 5 stars, {n} rating|{avg} of 5 stars, {n} ratings',
  none: 'No ratings yet',
  count: '{n} rating|{n} ratings',
  star: '{n} star|{n} stars',
  bar: '{s}: {n}',
  rate: 'Rate this',
  mine: 'Your rating: {n} star|Your rating: {n} stars',
  remove: 'Remove my rating',
  saving: 'Saving…',
  offline: 'Will be sent when you are back online',
  retry: 'Retry',
  loadFailed: 'Ratings could not be loaded.',
  failed: 'Your rating could not be saved.',
  guests_not_allowed: 'Sign in to rate.',
  unauthorized: 'Please sign in again to rate.',
  token_expired: 'Please sign in again to rate.',
  forbidden: 'You may not rate this.',
  rate_limited: 'Too many ratings, try again in a minute.',
};

const catalogs: Record<string, Catalog> = { en };

/** Adds or overrides strings for a language (`registerStrings('de', { retry: 'Erneut versuchen' })`). */
export const registerStrings = (lang: string, strings: Catalog): void => {
  catalogs[lang] = { ...catalogs[lang], ...strings };
};

/** The current language: configured, else `<html lang>`, else `en`. */
export const lang = (): string => options().lang || document.documentElement.lang || 'en';

/** The text for `key` in the current language (falls back to the base language, then English). */
export const t = (key: string, p: Record<string, string | number> = {}): string => {
  const l = lang();
  const s = catalogs[l]?.[key] ?? catalogs[l.split('-')[0]]?.[key] ?? en[key] ?? key;
  const forms = s.split('|');
  const r = new Intl.PluralRules(l);
  const f = forms.length > 1 ? forms[r.resolvedOptions().pluralCategories.indexOf(r.select(+p.n))] ?? forms.at(-1)! : s;
  return f.replace(/\{(\w+)\}/g, (_, k) => String(typeof p[k] == 'number' ? fmt(p[k] as number) : p[k]));
};

/** A number in the current language, at most one decimal. */
export const fmt = (n: number): string => n.toLocaleString(lang(), { maximumFractionDigits: 1 });
