import { Type } from 'typebox';
import { MODERATION_PAGE_DEFAULT } from '../../../services/comment-moderation.ts';
import { CommentId, Cursor, Limit, Reply, Status } from './comments.schemas.ts';
import { PLAIN_TEXT_PATTERN, Subject } from './common.schemas.ts';

/** A principal id as comments record it: `user:<sub>` (sub ≤ 200 characters) or `guest:<uuid>`. */
export const AuthorRef = Type.String({
  minLength: 6,
  maxLength: 210,
  pattern: '^(user|guest):[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]+$',
  description: 'The author as authorRef lists it: user:<sub> or guest:<uuid>',
});

const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: PLAIN_TEXT_PATTERN, description: 'Why (kept in the audit log)' });

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('rejected'), Type.Literal('spam'), Type.Literal('approved')], { description: 'Default pending' })),
    subject: Type.Optional(Subject),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit(MODERATION_PAGE_DEFAULT)),
  },
  { additionalProperties: false },
);

export const ModComment = Type.Object(
  {
    ...Reply.properties,
    subject: Type.String(),
    body: Type.String({ description: 'The Markdown as written' }),
    authorRef: Type.String({ description: 'The principal id (what block takes)' }),
    network: Type.Optional(Type.String({ description: "Guests: their network's keyed hash" })),
    hidden: Type.Optional(Type.Literal(true, { description: "Hidden by a block of its author (hidePast)" })),
  },
  { additionalProperties: false },
);

export const QueuePage = Type.Object({ items: Type.Array(ModComment), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });

export const ModerateBody = Type.Object(
  { action: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('spam')]), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);

export const ModerateResult = Type.Object({ comment: ModComment }, { additionalProperties: false });

export const BlockBody = Type.Object(
  {
    commentId: Type.Optional(CommentId),
    author: Type.Optional(AuthorRef),
    hidePast: Type.Optional(Type.Boolean({ description: 'Also hide their past comments (unblock shows them again)' })),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false, description: 'Exactly one of commentId or author' },
);

export const BlockResult = Type.Object(
  { author: Type.String(), hidden: Type.Integer({ minimum: 0, description: 'Comments hidden now' }) },
  { additionalProperties: false },
);

export const UnblockBody = Type.Object({ author: AuthorRef, reason: Type.Optional(Reason) }, { additionalProperties: false });

export const UnblockResult = Type.Object(
  { author: Type.String(), restored: Type.Integer({ minimum: 0, description: 'Hidden comments shown again' }) },
  { additionalProperties: false },
);

export const BlockedList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          author: Type.String(),
          name: Type.Optional(Type.String()),
          hidePast: Type.Boolean(),
          reason: Type.Optional(Type.String()),
          blockedBy: Type.String(),
          blockedAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const LogQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit(MODERATION_PAGE_DEFAULT)) }, { additionalProperties: false });

export const LogPage = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          actor: Type.String({ description: 'key:<id> for an API key, user:<sub> for a moderator, cli for the admin CLI' }),
          action: Type.String({ description: 'approve, reject, spam, delete, block, block-hide-past, unblock' }),
          commentId: Type.Optional(Type.String()),
          author: Type.Optional(Type.String()),
          fromStatus: Type.Optional(Type.String()),
          toStatus: Type.Optional(Type.String()),
          reason: Type.Optional(Type.String()),
          createdAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
