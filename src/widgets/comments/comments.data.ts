// What <kith-comments> reads and writes (the comments routes of docs/rest-api.md). Public reads (lists,
// threads, counts) carry no credential and are cacheable; the caller's own data (`comments/mine`) and
// moderation need it. Writes go through the outbox (core/writes.ts).
import { call } from '../../core/api.js';
import { send } from '../../core/http.js';
import { publicReads } from '../../core/reads.js';
import type { Root } from '../../core/rich-text.js';

export interface CommentAuthor {
  name: string;
  avatar?: string;
  guest?: true;
  /** `true`: a verified buyer (the widget's words); a string: the site's own wording. */
  verified?: true | string;
  moderator?: true;
}

export interface Comment {
  id: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  replyTo?: { id: string; name: string };
  author: CommentAuthor;
  /** null: deleted (a tombstone). */
  tree: Root | null;
  status: 'approved' | 'pending' | 'rejected' | 'spam';
  deleted?: true;
  createdAt: string;
  editedAt?: string;
  up: number;
  down: number;
  stars?: 1 | 2 | 3 | 4 | 5;
  replyCount?: number;
  replies?: Comment[];
}

export type Sort = 'newest' | 'oldest' | 'top';

export interface CommentPage {
  subject: string;
  count: number;
  items: Comment[];
  nextCursor: string | null;
}

export interface OwnComments {
  subject: string;
  own: { id: string; body: string; status: Comment['status'] }[];
  pending: Comment[];
  votes: Record<string, 1 | -1>;
  blocked: boolean;
  /** The caller may moderate this site's comments. */
  moderator?: boolean;
}

/** What a new comment sends. */
export interface NewComment {
  body: string;
  parentId?: string;
  guestName?: string;
}

const query = (params: Record<string, string | number | undefined | null>) =>
  Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => name + '=' + encodeURIComponent(value!))
    .join('&');

/** One page of top-level comments, each with its first replies. */
export const listComments = (prefix: string, subject: string, sort: Sort, stars: number | undefined, cursor?: string | null): Promise<CommentPage> =>
  send('GET', 'comments?' + query({ subject, sort, stars, cursor }), { prefix });

/** More replies of one thread (oldest first). */
export const threadReplies = (prefix: string, subject: string, root: string, cursor?: string | null): Promise<{ items: Comment[]; nextCursor: string | null }> =>
  send('GET', 'comments/thread?' + query({ subject, root, cursor }), { prefix });

/** The caller's own comments (sources for editing, held ones), votes, and whether they may moderate. */
export const ownComments = (prefix: string, subject: string): Promise<OwnComments> => call('GET', 'comments/mine?' + query({ subject }), { prefix });

/** The server's tree for a Markdown source, nothing stored. */
export const previewTree = (prefix: string, body: string): Promise<{ tree: Root }> => send('POST', 'comments/preview', { prefix, json: { body } });

/** Comment counts of every count widget on the page: one public, cacheable request (per 200). */
export const counts = publicReads<{ subject: string; count: number }>('comments/counts');

/** Where a new comment on `subject` is written (the outbox resource). */
export const commentsPath = (subject: string): string => 'comments?subject=' + encodeURIComponent(subject);
export const commentPath = (id: string): string => 'comments/' + encodeURIComponent(id);
export const votePath = (id: string): string => commentPath(id) + '/vote';
