// How <kith-feed> words Kith's own activity ("Ann commented on Acme Widget") in the reader's language, from the
// facts each item of an activity feed carries. A chunk of its own, with its texts: an external feed never loads
// it; an activity feed asks for it together with its data. Keys are the widget's (`feed.commented` for sites
// that reword them).
import { localeOf, type Locale } from '../../core/locale.js';
import { sharedStrings, Strings } from '../../core/strings.js';
import type { FeedItem } from './feed.data.js';
import { feedStrings } from './feed.strings.js';
import english from './activity/i18n/en.js';

const texts = new Strings(
  'feed',
  english,
  {
    de: () => import('./activity/i18n/de.js'),
    fr: () => import('./activity/i18n/fr.js'),
    es: () => import('./activity/i18n/es.js'),
    ja: () => import('./activity/i18n/ja.js'),
    ar: () => import('./activity/i18n/ar.js'),
  },
  sharedStrings,
);

/** Loads the texts in `locale`'s language (English until they are here). */
export const loadTexts = (locale: Locale): Promise<unknown> => texts.load(locale.language);

/** Loads these texts and the widget's own in the language of the page around `element` (a feed not yet upgraded):
 * what an activity feed's first frame needs, which KithFeed.define waits for. */
export const loadTextsFor = (element: Element): Promise<unknown> => {
  const { language } = localeOf(element);
  return Promise.all([texts.load(language), feedStrings.load(language)]);
};

/** Whether the texts in `locale`'s language are here. */
export const hasTexts = (locale: Locale): boolean => texts.ready(locale.language);

/** An activity item's title in `locale`; `here`: the feed is of the item's own subject, which need not be named. The
 * same stars or tag given by several people in a row are one item, which says how many ("by 3 people"). */
export const activityTitle = (locale: Locale, item: FeedItem, here: boolean): string => {
  const facts = item.activity!;
  const subject = facts.subjectName ?? facts.subject;
  if (facts.kind == 'comment') return texts.text(locale, here ? 'commentedHere' : 'commented', { author: facts.author ?? '', subject });
  const title =
    facts.kind == 'rating' ? texts.text(locale, here ? 'ratedHere' : 'rated', { n: facts.stars ?? 0, subject }) : texts.text(locale, here ? 'taggedHere' : 'tagged', { tag: facts.tag ?? '', subject });
  return facts.people ? texts.text(locale, facts.peopleAtLeast ? 'byPeopleOrMore' : 'byPeople', { title, n: facts.people }) : title;
};
