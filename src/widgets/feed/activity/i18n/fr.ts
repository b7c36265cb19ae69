export default {
  commented: '{author} a commenté {subject}',
  commentedHere: '{author} a commenté',
  rated: { one: '{subject} a reçu {n} étoile', many: '{subject} a reçu {n} d’étoiles', other: '{subject} a reçu {n} étoiles' },
  ratedHere: { one: 'Noté {n} étoile', many: 'Noté {n} d’étoiles', other: 'Noté {n} étoiles' },
  tagged: '{subject} a reçu le tag « {tag} »',
  taggedHere: 'Tag « {tag} » ajouté',
  byPeople: { one: '{title} (par {n} personne)', many: '{title} (par {n} de personnes)', other: '{title} (par {n} personnes)' },
  byPeopleOrMore: { one: '{title} (par {n} personne ou plus)', many: '{title} (par {n} de personnes ou plus)', other: '{title} (par {n} personnes ou plus)' },
};
