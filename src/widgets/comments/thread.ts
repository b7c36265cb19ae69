// The thread as the widget holds it: top-level comments in list order, each with its replies (flat, oldest
// first, as the server sends them). Changes from writes and the live stream go through these functions.
import type { Comment, Sort } from './comments.data.js';

/** Every comment on screen by id (top-level and replies). */
export const indexComments = (threads: Comment[]): Map<string, Comment> => {
  const byId = new Map<string, Comment>();
  for (const thread of threads) {
    byId.set(thread.id, thread);
    for (const reply of thread.replies ?? []) byId.set(reply.id, reply);
  }
  return byId;
};

/** Puts `comment` in place of the one with its id; false when it is not on screen. Replies and counts of a
 * top-level comment are kept (a live event or a write answer carries none). */
export const replaceComment = (threads: Comment[], comment: Comment): boolean => {
  for (const [i, thread] of threads.entries()) {
    if (thread.id == comment.id) {
      threads[i] = { ...comment, replies: thread.replies, replyCount: comment.replyCount ?? thread.replyCount };
      return true;
    }
    const replies = thread.replies ?? [];
    const at = replies.findIndex((reply) => reply.id == comment.id);
    if (at >= 0) {
      replies[at] = comment;
      return true;
    }
  }
  return false;
};

/** Adds a comment: a top-level one first (newest) or last (oldest, top); a reply at the end of its thread.
 * False when its thread is not on screen (or it already is). */
export const insertComment = (threads: Comment[], comment: Comment, sort: Sort): boolean => {
  if (indexComments(threads).has(comment.id)) return false;
  if (!comment.parentId) {
    const thread = { ...comment, replies: comment.replies ?? [], replyCount: comment.replyCount ?? 0 };
    sort == 'newest' ? threads.unshift(thread) : threads.push(thread);
    return true;
  }
  const root = threads.find((thread) => thread.id == comment.rootId);
  if (!root) return false;
  // Only where the thread's replies are all shown: otherwise "Show more replies" brings it.
  const shown = root.replies ?? [];
  const all = (root.replyCount ?? shown.length) <= shown.length;
  root.replyCount = (root.replyCount ?? shown.length) + 1;
  if (all) root.replies = [...shown, comment];
  return all;
};

/** Takes a comment off screen (deleted without replies, or no longer visible); its replies go with it. */
export const removeComment = (threads: Comment[], id: string): boolean => {
  const at = threads.findIndex((thread) => thread.id == id);
  if (at >= 0) return threads.splice(at, 1), true;
  for (const thread of threads) {
    const replies = thread.replies ?? [];
    const index = replies.findIndex((reply) => reply.id == id);
    if (index >= 0) {
      replies.splice(index, 1);
      thread.replyCount = Math.max(0, (thread.replyCount ?? 1) - 1);
      return true;
    }
  }
  return false;
};

/** Initials for an avatar without a picture: the first letters of the first two words that start with a
 * letter or digit ("Ada Lovelace" → AL, "Alice (you)" → A). */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
    .slice(0, 2)
    .map((word) => [...word][0])
    .join('')
    .toLocaleUpperCase();
