// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'コメントを投稿できませんでした。',
  duplicate_comment: 'このコメントはすでに投稿済みです。',
  comment_flood: 'コメントのペースが速すぎます。1 分待ってからもう一度投稿してください。',
  comment_not_found: '返信先のコメントはもう存在しません。',
  not_your_comment: '変更できるのは自分のコメントだけです。',
  changeFailed: '変更を保存できませんでした。',
  voteFailed: '投票を保存できませんでした。',
  posted: 'コメントを投稿しました。',
  heldNotice: 'コメントは承認待ちです。',
  removedNotice: 'コメントを削除しました。',
};
