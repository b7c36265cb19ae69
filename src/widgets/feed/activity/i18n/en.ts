export default {
  commented: '{author} commented on {subject}',
  commentedHere: '{author} commented',
  rated: { one: '{subject} was rated {n} star', other: '{subject} was rated {n} stars' },
  ratedHere: { one: 'Rated {n} star', other: 'Rated {n} stars' },
  tagged: '{subject} was tagged “{tag}”',
  taggedHere: 'Tagged “{tag}”',
};
