import { sharedStrings, Strings } from '../../core/strings.js';
import english from './i18n/en.js';

/** <kith-feed>'s strings: English here, the other languages loaded when a feed is shown in them. */
export const feedStrings = new Strings(
  'feed',
  english,
  {
    de: () => import('./i18n/de.js'),
    fr: () => import('./i18n/fr.js'),
    es: () => import('./i18n/es.js'),
    ja: () => import('./i18n/ja.js'),
    ar: () => import('./i18n/ar.js'),
  },
  sharedStrings,
);
