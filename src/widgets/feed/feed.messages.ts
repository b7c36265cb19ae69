// What <kith-feed> shows when something is wrong: an address refused, a feed's server down, a saved copy shown,
// nothing to read, not set up. Its texts and template are a chunk of their own, loaded the first time a feed on
// the page needs them, not at first paint (a working feed never loads it). Keys are the widget's
// (`feed.feed_timeout` for sites that reword them).
import { html, nothing } from 'lit';
import { KithError, retryable, SETUP_ERRORS } from '../../core/error.js';
import { alertIcon, clockIcon, lockIcon } from '../../core/icons.js';
import type { Locale } from '../../core/locale.js';
import { absoluteFormat } from '../../core/relative-time.js';
import { sharedStrings, Strings } from '../../core/strings.js';
import type { FeedAnswer } from './feed.data.js';
import english from './messages/i18n/en.js';

const messages = new Strings(
  'feed',
  english,
  {
    de: () => import('./messages/i18n/de.js'),
    fr: () => import('./messages/i18n/fr.js'),
    es: () => import('./messages/i18n/es.js'),
    ja: () => import('./messages/i18n/ja.js'),
    ar: () => import('./messages/i18n/ar.js'),
  },
  sharedStrings,
);

/** What the template reads of the widget. */
export interface FeedTroubleHost {
  locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
  loadErrorText(error: KithError | undefined): string;
  src?: string;
  error: KithError | undefined;
  answer: FeedAnswer | undefined;
  /** The answer shown is a copy an earlier page saved. */
  savedCopy: boolean;
  retry(): void;
}

/** Failures the feed's own server caused, which may be gone on the next try. */
const FEED_TROUBLE = new Set(['feed_unreachable', 'feed_timeout', 'feed_http_error', 'feed_unreadable', 'feed_too_large', 'feed_too_many_redirects']);
const SIGN_IN = new Set(['feed_token_required', 'feed_token_invalid']);

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

/** Loads the texts in `locale`'s language (English until they are here). */
export const loadTexts = (locale: Locale): Promise<unknown> => messages.load(locale.language);

/** What a failure says: a setup mistake in its own words, a feed's trouble by its code, anything else "could not be loaded". */
export const errorText = (host: FeedTroubleHost, error: KithError | undefined): string => {
  if (!error) return '';
  if (SETUP_ERRORS.has(error.code)) return host.loadErrorText(error);
  return messages.has(error.code) ? messages.text(host.locale, error.code, { host: hostOf(host.src ?? '') }) : host.t('loadFailed');
};

/** The message of a failed, unconfigured or stale feed (`nothing` when all is well). */
export const trouble = (host: FeedTroubleHost, phase: 'unconfigured' | 'error' | 'ready') => {
  const { error, answer } = host;
  if (phase == 'unconfigured') return html`<p part="message" class="error">${alertIcon}<span>${errorText(host, error)}</span></p>`;
  const code = error?.code ?? '';
  // A saved or stale copy is always worth another try; a failure only where the feed's server, or ours, was at fault.
  const canRetry = phase == 'ready' || (!!error && !SIGN_IN.has(code) && !SETUP_ERRORS.has(code) && (retryable(error) || FEED_TROUBLE.has(code)));
  // Retry goes away while the feed loads: focus moves to the feed itself, not to the page's body.
  const retry = canRetry
    ? html`<button @click=${(event: Event) => ((event.currentTarget as HTMLElement).closest<HTMLElement>('[part=feed]')?.focus(), host.retry())}>${host.t('retry')}</button>`
    : nothing;
  if (phase == 'error') return html`<p part="message" class="error" role="alert">${SIGN_IN.has(code) ? lockIcon : alertIcon}<span>${errorText(host, error)}</span>${retry}</p>`;
  if (!answer || !(host.savedCopy || answer.stale || error)) return nothing;
  const when = answer.fetchedAt ? absoluteFormat(host.locale.tag).format(new Date(answer.fetchedAt)) : '';
  return html`<p part="message">${clockIcon}<span>${when ? messages.text(host.locale, 'stale', { time: when }) : host.t('loadFailed')}</span>${retry}</p>`;
};
