export default {
  label: 'Feed',
  loading: 'Cargando el feed…',
  empty: 'Todavía no hay entradas.',
  emptyActivity: 'Todavía no hay actividad.',
  loadFailed: 'No se pudo cargar el feed.',
  newItems: { one: '{n} entrada nueva', many: '{n} de entradas nuevas', other: '{n} entradas nuevas' },
  by: 'por {author}',
  audio: 'Audio',
  video: 'Vídeo',
  image: 'Imagen',
  file: 'Adjunto',
  enclosure: '{kind}, {size}',
};
