// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'Ihr Kommentar konnte nicht gesendet werden.',
  duplicate_comment: 'Diesen Kommentar haben Sie schon geschrieben.',
  comment_flood: 'Sie kommentieren zu schnell. Bitte warten Sie eine Minute und senden Sie dann erneut.',
  comment_not_found: 'Der Kommentar, auf den Sie antworten, existiert nicht mehr.',
  not_your_comment: 'Sie können nur Ihre eigenen Kommentare ändern.',
  changeFailed: 'Ihre Änderung konnte nicht gespeichert werden.',
  voteFailed: 'Ihre Stimme konnte nicht gespeichert werden.',
  posted: 'Ihr Kommentar wurde veröffentlicht.',
  heldNotice: 'Ihr Kommentar wartet auf Freigabe.',
  removedNotice: 'Kommentar gelöscht.',
};
