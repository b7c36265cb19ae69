export default {
  commented: '{author} commented on {subject}',
  commentedHere: '{author} commented',
  rated: { one: '{subject} was rated {n} star', other: '{subject} was rated {n} stars' },
  ratedHere: { one: 'Rated {n} star', other: 'Rated {n} stars' },
  tagged: '{subject} was tagged “{tag}”',
  taggedHere: 'Tagged “{tag}”',
  byPeople: { one: '{title} by {n} person', other: '{title} by {n} people' },
  byPeopleOrMore: { one: '{title} by {n} or more people', other: '{title} by {n} or more people' },
};
