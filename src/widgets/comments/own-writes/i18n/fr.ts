// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'Votre commentaire n’a pas pu être publié.',
  duplicate_comment: 'Vous avez déjà publié ce commentaire.',
  comment_flood: 'Vous commentez trop vite. Attendez une minute, puis publiez à nouveau.',
  comment_not_found: 'Le commentaire auquel vous répondez n’existe plus.',
  not_your_comment: 'Vous ne pouvez modifier que vos propres commentaires.',
  changeFailed: 'Votre modification n’a pas pu être enregistrée.',
  voteFailed: 'Votre vote n’a pas pu être enregistré.',
  posted: 'Votre commentaire a été publié.',
  heldNotice: 'Votre commentaire est en attente de modération.',
  removedNotice: 'Commentaire supprimé.',
};
