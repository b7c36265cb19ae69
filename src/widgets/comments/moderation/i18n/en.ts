// The moderators' strings of <kith-comments> (loaded with the moderation chunk, only for moderators).
export default {
  queue: 'Moderation queue ({n})',
  queueEmpty: 'Nothing is waiting for moderation.',
  queueFailed: 'The moderation queue could not be loaded.',
  approve: 'Approve',
  reject: 'Reject',
  spam: 'Spam',
  block: 'Block author',
  blockAsk: 'Block this author. Hide their past comments too?',
  blockHide: 'Block and hide past comments',
  blockOnly: 'Block only',
  moderationFailed: 'That did not work. Please try again.',
  approved: 'Approved.',
  rejected: 'Rejected.',
  markedSpam: 'Marked as spam.',
  blocked: 'Author blocked.',
};
