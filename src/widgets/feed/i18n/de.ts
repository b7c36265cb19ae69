export default {
  label: 'Feed',
  loading: 'Feed wird geladen…',
  empty: 'Noch keine Einträge.',
  emptyActivity: 'Noch keine Aktivität.',
  loadFailed: 'Der Feed konnte nicht geladen werden.',
  newItems: { one: '{n} neuer Eintrag', other: '{n} neue Einträge' },
  by: 'von {author}',
  audio: 'Audio',
  video: 'Video',
  image: 'Bild',
  file: 'Anhang',
  enclosure: '{kind}, {size}',
};
