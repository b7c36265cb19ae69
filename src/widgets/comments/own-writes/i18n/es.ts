// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'No se pudo publicar tu comentario.',
  duplicate_comment: 'Ya publicaste este comentario.',
  comment_flood: 'Estás comentando demasiado rápido. Espera un minuto y vuelve a publicar.',
  comment_not_found: 'El comentario al que respondes ya no existe.',
  not_your_comment: 'Solo puedes cambiar tus propios comentarios.',
  changeFailed: 'No se pudo guardar tu cambio.',
  voteFailed: 'No se pudo guardar tu voto.',
  posted: 'Tu comentario se publicó.',
  heldNotice: 'Tu comentario está pendiente de moderación.',
  removedNotice: 'Comentario eliminado.',
};
