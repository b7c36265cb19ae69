export default {
  commented: '{author} comentó {subject}',
  commentedHere: '{author} comentó',
  rated: { one: '{subject} recibió {n} estrella', other: '{subject} recibió {n} estrellas' },
  ratedHere: { one: 'Valorado con {n} estrella', other: 'Valorado con {n} estrellas' },
  tagged: '{subject} recibió la etiqueta «{tag}»',
  taggedHere: 'Etiquetado «{tag}»',
};
