// <kith-id-card>'s strings in English (the fallback of every other language). Plural texts have one form per
// CLDR category of the language, chosen by {n}. Keys named like the server's error codes are shown for those
// errors.
export default {
  loading: 'Loading card…',
  close: 'Close card',
  /** Labels of the standard fields (extra fields are labelled with their own name). */
  name: 'Name',
  title: 'Job title',
  company: 'Company',
  email: 'Email',
  phone: 'Phone',
  url: 'Link',
  /** An extra field that is true or false. */
  yes: 'Yes',
  no: 'No',
  rating: { one: '{avg} of {max} stars, {n} rating', other: '{avg} of {max} stars, {n} ratings' },
  noRatings: 'No ratings yet',
  comments: { one: '{n} comment', other: '{n} comments' },
  tags: 'Tags',
  rated: { one: 'Rated this {n} star', other: 'Rated this {n} stars' },
  commented: { one: 'Commented once here', other: 'Commented {n} times here' },
  tagged: 'Tagged this: {tags}',
  /** The site keeps no profile for the subject and the page supplied none. */
  noProfile: 'No profile on file.',
  loadFailed: 'This card could not be loaded.',
  summaryFailed: 'Ratings, comments and tags could not be loaded.',
  stale: 'Saved card shown: the server could not be reached.',
  badSubject: 'This card’s subject is not valid.',
};
