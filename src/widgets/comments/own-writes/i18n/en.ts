// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'Your comment could not be posted.',
  duplicate_comment: 'You already posted this comment.',
  comment_flood: 'You are commenting too fast. Please wait a minute, then post again.',
  comment_not_found: 'The comment you answered no longer exists.',
  not_your_comment: 'You can only change your own comments.',
  changeFailed: 'Your change could not be saved.',
  voteFailed: 'Your vote could not be saved.',
  posted: 'Your comment was posted.',
  heldNotice: 'Your comment is awaiting moderation.',
  removedNotice: 'Comment deleted.',
};
