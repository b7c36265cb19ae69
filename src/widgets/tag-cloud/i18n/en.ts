// <kith-tag-cloud>'s strings in English (the fallback of every other language). Plural texts have one form
// per CLDR category of the language, chosen by {n}. Keys named like the server's error codes are shown for
// those errors. The texts only the lazy chunks show are in messages/i18n/.
export default {
  loading: 'Loading tags…',
  none: 'No tags yet',
  /** A tag's accessible name: its weight without sight. */
  used: { one: '{tag}, used {n} time', other: '{tag}, used {n} times' },
  /** The list of a subject's tags, and the site's cloud. */
  subjectTags: 'Tags',
  cloud: 'Tag cloud',
  trending: 'Trending tags',
  more: '+{n}',
  moreLabel: { one: '{n} more tag', other: '{n} more tags' },
  order: 'Order',
  popular: 'Popular',
  alphabetical: 'A–Z',
  /** The own tag's remove button. */
  remove: 'Remove tag {tag}',
  /** "Tag another record…": a tag applied to another tagging widget on the page (the button's tooltip and name). */
  tagAnotherWith: 'Tag another record with {tag}…',
  loadFailed: 'Tags could not be loaded.',
  stale: 'Saved tags shown: the server could not be reached.',
  badSubject: 'This tag cloud’s subject is not valid.',
  signInAgain: 'Please sign in again to tag.',
  /** A guest where only members may tag: the sign-in link's text (plain where the site names no sign-in page). */
  guests_not_allowed: 'Sign in to tag.',
};
