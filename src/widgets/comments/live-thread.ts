// What the live stream changes in a thread on screen (core/live.ts delivers the messages). A chunk of its own,
// loaded with the stream once the thread is drawn: first paint never waits for it.
import type { LiveMessage } from '../../core/live.js';
import type { Comment, Sort } from './comments.data.js';
import type * as Thread from './thread.js';

/** The widget as the live stream sees it. */
export interface LiveThread {
  subject: string;
  sort: Sort;
  /** A stars filter is on (new comments would not be known to match it). */
  filtered: boolean;
  threads: Comment[];
  /** Others' new comments waiting behind "N new comments". */
  incoming: Comment[];
  count: number;
  /** The viewer wrote it (shown from the write's answer, or held). */
  mine(id: string): boolean;
  /** A comment put first would move nothing under the reader. */
  atTop(): boolean;
  /** A comment is about to leave the screen: keep focus in the widget if it had it. */
  keepFocus(): void;
  /** Announces "N new comments" politely. */
  announce(n: number): void;
  reload(): void;
  /** The viewer's own new comment is on its way: a new comment arriving now may be it. */
  posting(): boolean;
  /** Keeps a message until the viewer's comment is confirmed (then it is applied again). */
  defer(message: LiveMessage): void;
  /** thread.ts, passed in: this chunk then shares no module with the widget's. */
  ops: typeof Thread;
}

/** Applies one message; the widget renders afterwards. */
export const applyLive = (thread: LiveThread, message: LiveMessage): void => {
  const data = message.data ?? {};
  if (message.type == 'reset') return thread.reload();
  if (data.subject != thread.subject) return;
  if (message.type == 'comment-count') thread.count = data.count;
  else if (message.type == 'comment-vote') {
    const comment = thread.ops.indexComments(thread.threads).get(data.id);
    if (comment) (comment.up = data.up), (comment.down = data.down);
  } else if (message.type == 'comment') {
    // The viewer's own comment may arrive live before the server's answer to them: not someone else's news.
    if ((data.action == 'created' || data.action == 'approved') && thread.posting()) return thread.defer(message);
    liveComment(thread, data.action, data.comment);
  }
};

const liveComment = (thread: LiveThread, action: string, comment: Comment) => {
  if (!comment?.id) return;
  const { threads, ops } = thread;
  const { indexComments, insertComment, removeComment, replaceComment } = ops;
  const onScreen = indexComments(threads).has(comment.id);
  // A comment leaving the screen may hold focus (the viewer's own deletion can arrive live first).
  if (onScreen && (action == 'deleted' || action == 'removed')) thread.keepFocus();
  if (action == 'edited' || (onScreen && (action == 'created' || action == 'approved'))) replaceComment(threads, comment);
  else if (action == 'deleted') {
    if (threads.find((other) => other.id == comment.id)?.replies?.length) replaceComment(threads, comment);
    else if (removeComment(threads, comment.id)) thread.count--;
  } else if (action == 'removed') removeComment(threads, comment.id) && thread.count--;
  else if ((action == 'created' || action == 'approved') && !thread.mine(comment.id)) {
    // Counted at once (a comment-count event that follows sets the exact number).
    thread.count++;
    if (comment.parentId) {
      if (insertComment(threads, comment, thread.sort)) thread.announce(1);
    } else if (thread.sort == 'newest' && !thread.filtered && !thread.incoming.length && thread.atTop()) {
      insertComment(threads, comment, thread.sort);
      thread.announce(1);
    } else if (!thread.incoming.some((other) => other.id == comment.id)) {
      thread.incoming.push(comment);
      thread.announce(thread.incoming.length);
    }
  }
};
