import { configure, options } from './config.js';

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
  retrying: 'Not saved yet, trying again…',
  retry: 'Retry',
  loadFailed: 'Ratings could not be loaded.',
  failed: 'Your rating could not be saved.',
  noSite: 'Kith is not set up on this page.',
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

/** The text for `key` in the current language (falls back to the base language, then English). */
export const t = (key: string, p: Record<string, string | number> = {}): string => {
  const l = lang();
  const c = options().strings ?? {};
  const s = c[l]?.[key] ?? c[l.split('-')[0]]?.[key] ?? c.en?.[key] ?? en[key] ?? key;
  const forms = s.split('|');
  const r = new Intl.PluralRules(l);
  const f = forms.length > 1 ? forms[r.resolvedOptions().pluralCategories.indexOf(r.select(+p.n))] ?? forms.at(-1)! : s;
  return f.replace(/\{(\w+)\}/g, (_, k) => String(typeof p[k] == 'number' ? fmt(p[k] as number) : p[k]));
};

/** A number in the current language, at most one decimal. */
export const fmt = (n: number): string => n.toLocaleString(lang(), { maximumFractionDigits: 1 });
