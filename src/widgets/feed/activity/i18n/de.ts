export default {
  commented: '{author} hat {subject} kommentiert',
  commentedHere: '{author} hat kommentiert',
  rated: { one: '{subject} wurde mit {n} Stern bewertet', other: '{subject} wurde mit {n} Sternen bewertet' },
  ratedHere: { one: 'Mit {n} Stern bewertet', other: 'Mit {n} Sternen bewertet' },
  tagged: '{subject} wurde mit „{tag}“ getaggt',
  taggedHere: 'Mit „{tag}“ getaggt',
  byPeople: { one: '{title} (von {n} Person)', other: '{title} (von {n} Personen)' },
  byPeopleOrMore: { one: '{title} (von {n} oder mehr Personen)', other: '{title} (von {n} oder mehr Personen)' },
};
