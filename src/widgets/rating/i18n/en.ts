// <kith-rating>'s strings in English (the fallback of every other language). Plural texts have one form per
// CLDR category of the language, chosen by {n}. Keys named like the server's error codes are shown for those
// errors.
export default {
  loading: 'Loading ratings…',
  summary: { one: '{avg} of {max} stars, {n} rating', other: '{avg} of {max} stars, {n} ratings' },
  none: 'No ratings yet',
  first: 'Be the first to rate this.',
  count: { one: '{n} rating', other: '{n} ratings' },
  star: { one: '{n} star', other: '{n} stars' },
  bar: '{stars}: {n}',
  rate: 'Rate this',
  /** The stars' name: what they do, then what they show. */
  label: '{action}: {about}',
  signIn: 'Sign in to rate',
  signInAgain: 'Please sign in again to rate.',
  mine: { one: 'Your rating: {n} star', other: 'Your rating: {n} stars' },
  notMine: 'Not rated by you',
  remove: 'Remove my rating',
  loadFailed: 'Ratings could not be loaded.',
  stale: 'Saved ratings shown: the server could not be reached.',
  failed: 'Your rating could not be saved.',
  badSubject: 'This rating’s subject is not valid.',
  guests_not_allowed: 'Sign in to rate.',
  /** A site's cap on guest votes per network, subject and day was reached (403 guest_vote_limit). */
  guest_vote_limit: 'Too many guest ratings from your network today. Sign in to rate.',
  forbidden: 'You may not rate this.',
};
