export default {
  commented: '{author} a commenté {subject}',
  commentedHere: '{author} a commenté',
  rated: { one: '{subject} a reçu {n} étoile', other: '{subject} a reçu {n} étoiles' },
  ratedHere: { one: 'Noté {n} étoile', other: 'Noté {n} étoiles' },
  tagged: '{subject} a reçu le tag « {tag} »',
  taggedHere: 'Tag « {tag} » ajouté',
};
