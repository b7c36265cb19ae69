import { Type } from 'typebox';
import { COMMENT_BODY_MAX, COMMENT_ID_PATTERN, COMMENTS_PAGE_DEFAULT, GUEST_NAME_MAX, REPLIES_PAGE } from '../../../services/comments.ts';
import { PLAIN_TEXT_PATTERN, SiteParams, Subject } from './common.schemas.ts';

/** Subjects per counts read, as for rating summaries (the SDK batches both the same way). */
export const COMMENT_COUNTS_MAX_SUBJECTS = 200;

export const CommentId = Type.String({ pattern: COMMENT_ID_PATTERN, description: 'A comment id' });

export const CommentParams = Type.Object({ site: SiteParams.properties.site, id: CommentId }, { additionalProperties: false });

/** Plain text but for new lines and tabs: no other C0 or C1 control characters, DEL or lone surrogates. */
const BODY_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$';

/** The schema bounds the raw string (white space around it included); the route then checks 1–10 000
 * characters after trimming, in code points, and says which of the two failed. */
export const CommentBody = Type.String({
  maxLength: 2 * COMMENT_BODY_MAX,
  pattern: BODY_PATTERN,
  description: `Markdown, 1–${COMMENT_BODY_MAX} characters (Unicode code points) after trimming; no control characters but new lines and tabs`,
});

export const Cursor = Type.String({ minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9_-]+$', description: 'nextCursor of the previous page' });
/** 1–100 (query values are strings: coercion is off). */
export const Limit = (fallback: number) => Type.String({ pattern: '^([1-9][0-9]?|100)$', description: `1–100 (default ${fallback})` });

export const ListQuery = Type.Object(
  {
    subject: Subject,
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('top')], { description: 'newest (default), oldest, or top (Wilson lower bound of the up share, ties newest first)' })),
    stars: Type.Optional(Type.String({ pattern: '^[1-5]$', description: "Only top-level comments whose author's current rating of the subject is this many stars" })),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit(COMMENTS_PAGE_DEFAULT)),
  },
  { additionalProperties: false },
);

export const ThreadQuery = Type.Object({ subject: Subject, root: CommentId, cursor: Type.Optional(Cursor) }, { additionalProperties: false });

export const CountsQuery = Type.Object(
  {
    subject: Type.Array(Subject, {
      minItems: 1,
      maxItems: COMMENT_COUNTS_MAX_SUBJECTS,
      description: `1–${COMMENT_COUNTS_MAX_SUBJECTS} subjects, repeated: subject=a&subject=b. Repeats are answered once, in first-seen order.`,
    }),
  },
  { additionalProperties: false },
);

const Tree = Type.Object(
  { type: Type.Literal('root'), children: Type.Array(Type.Any()) },
  { description: 'The allow-listed tree made from the Markdown (mdast names; see docs/rest-api.md)' },
);

const Author = Type.Object(
  {
    name: Type.String({ description: 'Empty for a comment a moderator removed' }),
    avatar: Type.Optional(Type.String()),
    guest: Type.Optional(Type.Literal(true)),
    verified: Type.Optional(Type.Union([Type.Literal(true), Type.String()], { description: 'true: "Verified buyer"; a string: the site\'s own wording' })),
    moderator: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);

export const Status = Type.Union([Type.Literal('approved'), Type.Literal('pending'), Type.Literal('rejected'), Type.Literal('spam')]);

const commentProperties = {
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  rootId: Type.String(),
  depth: Type.Integer({ minimum: 0, maximum: 3 }),
  replyTo: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false })),
  author: Author,
  tree: Type.Union([Tree, Type.Null()], { description: 'null: deleted (a tombstone)' }),
  status: Status,
  deleted: Type.Optional(Type.Literal(true)),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Optional(Type.String({ format: 'date-time' })),
  up: Type.Integer({ minimum: 0 }),
  down: Type.Integer({ minimum: 0 }),
  stars: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: "The author's rating of the subject" })),
  replyCount: Type.Optional(Type.Integer({ minimum: 0, description: 'Top-level comments: visible replies in the thread' })),
};

export const Reply = Type.Object(commentProperties, { additionalProperties: false });

export const Comment = Type.Object(
  { ...commentProperties, replies: Type.Optional(Type.Array(Reply, { description: `Lists only: the first ${REPLIES_PAGE} replies, oldest first` })) },
  { additionalProperties: false },
);

export const CommentPage = Type.Object(
  {
    subject: Type.String(),
    count: Type.Integer({ minimum: 0, description: 'Visible comments on the subject' }),
    items: Type.Array(Comment),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ThreadPage = Type.Object({ items: Type.Array(Reply), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });

export const Counts = Type.Object(
  { items: Type.Array(Type.Object({ subject: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })) },
  { additionalProperties: false },
);

export const MineResult = Type.Object(
  {
    subject: Type.String(),
    own: Type.Array(Type.Object({ id: Type.String(), body: Type.String(), status: Status }, { additionalProperties: false }), {
      description: 'Every own comment on the subject that is not deleted (at most 500, newest first), with its Markdown',
    }),
    pending: Type.Array(Reply, { description: 'Own comments not published (pending, rejected, spam, or hidden)' }),
    votes: Type.Record(Type.String(), Type.Union([Type.Literal(1), Type.Literal(-1)])),
    blocked: Type.Boolean(),
    moderator: Type.Boolean({ description: "The caller may moderate this site's comments (a user token with the moderator role)" }),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    body: CommentBody,
    parentId: Type.Optional(CommentId),
    guestName: Type.Optional(Type.String({ minLength: 1, maxLength: GUEST_NAME_MAX, pattern: PLAIN_TEXT_PATTERN, description: 'Guests: the name shown (required for guests, ignored for signed-in users)' })),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object({ body: CommentBody }, { additionalProperties: false });

export const CommentResult = Type.Object({ comment: Reply }, { additionalProperties: false });

export const VoteBody = Type.Object({ value: Type.Union([Type.Literal(1), Type.Literal(-1)]) }, { additionalProperties: false });

export const VoteResult = Type.Object(
  { id: Type.String(), up: Type.Integer({ minimum: 0 }), down: Type.Integer({ minimum: 0 }), mine: Type.Union([Type.Literal(1), Type.Literal(-1), Type.Null()]) },
  { additionalProperties: false },
);

export const PreviewResult = Type.Object({ tree: Tree }, { additionalProperties: false });
