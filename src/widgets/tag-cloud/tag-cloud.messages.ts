// The texts of <kith-tag-cloud>'s lazy chunks (suggestions, "Tag another record…", the subjects list) and a
// refused tag's reason: a catalog family of its own, loaded with those chunks rather than at first paint.
// Keys are the widget's (`tag-cloud.loadMore` for sites that reword them); keys it lacks are the widget's own.
import type { KithError } from '../../core/error.js';
import { sharedStrings, Strings } from '../../core/strings.js';
import type { TagCloudHost } from './tag-cloud.data.js';
import english from './messages/i18n/en.js';

const messages = new Strings(
  'tag-cloud',
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

/** Loads the texts in the widget's language (English until they are here). */
export const loadMessages = (host: TagCloudHost): Promise<unknown> => messages.load(host.locale.language);

/** A lazy chunk's text; keys this family lacks are the widget's own. */
export const text = (host: TagCloudHost, key: string, params?: Record<string, string | number>): string =>
  messages.has(key) ? messages.text(host.locale, key, params) : host.t(key, params);

/** Why the server refused a tag, in the widget's language (`invalid_tag` by its reason). */
export const refusalText = async (host: TagCloudHost, error: KithError, tag: string): Promise<string> => {
  await loadMessages(host);
  const reason = error.code == 'invalid_tag' && 'invalid_tag_' + (error.details as { reason?: string } | undefined)?.reason;
  const key = reason && messages.has(reason) ? reason : messages.has(error.code) || error.code == 'guests_not_allowed' ? error.code : 'failed';
  return text(host, key, { tag });
};
