export default {
  commented: '{author} comentó {subject}',
  commentedHere: '{author} comentó',
  rated: { one: '{subject} recibió {n} estrella', many: '{subject} recibió {n} de estrellas', other: '{subject} recibió {n} estrellas' },
  ratedHere: { one: 'Valorado con {n} estrella', many: 'Valorado con {n} de estrellas', other: 'Valorado con {n} estrellas' },
  tagged: '{subject} recibió la etiqueta «{tag}»',
  taggedHere: 'Etiquetado «{tag}»',
  byPeople: { one: '{title} (por {n} persona)', many: '{title} (por {n} de personas)', other: '{title} (por {n} personas)' },
  byPeopleOrMore: { one: '{title} (por {n} persona o más)', many: '{title} (por {n} de personas o más)', other: '{title} (por {n} personas o más)' },
};
