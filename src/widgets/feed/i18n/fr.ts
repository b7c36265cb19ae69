export default {
  label: 'Flux',
  loading: 'Chargement du flux…',
  empty: 'Aucun article pour l’instant.',
  emptyActivity: 'Aucune activité pour l’instant.',
  loadFailed: 'Le flux n’a pas pu être chargé.',
  newItems: { one: '{n} nouvel article', many: '{n} de nouveaux articles', other: '{n} nouveaux articles' },
  by: 'par {author}',
  audio: 'Audio',
  video: 'Vidéo',
  image: 'Image',
  file: 'Pièce jointe',
  enclosure: '{kind}, {size}',
};
