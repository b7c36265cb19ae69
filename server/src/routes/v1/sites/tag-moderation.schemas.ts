import { Type } from 'typebox';
import { TAG_DESCRIPTION_MAX, TAG_LOG_ACTIONS, TAG_LOG_PAGE_DEFAULT } from '../../../services/tag-stewardship.ts';
import { Cursor, Limit } from './comments.schemas.ts';
import { TagText } from './tag-pages.schemas.ts';

export const RenameBody = Type.Object({ from: TagText, to: TagText }, { additionalProperties: false });

export const MergeBody = Type.Object({ from: TagText, into: TagText }, { additionalProperties: false });

export const SynonymBody = Type.Object({ from: TagText, to: TagText }, { additionalProperties: false });

export const SynonymQuery = Type.Object({ from: TagText }, { additionalProperties: false });

export const RestrictedBody = Type.Object(
  { tag: TagText, restricted: Type.Boolean({ description: 'true: only moderators may apply it' }) },
  { additionalProperties: false },
);

export const DescriptionBody = Type.Object(
  {
    tag: TagText,
    description: Type.String({
      maxLength: TAG_DESCRIPTION_MAX,
      // Plain text; line breaks and tabs are allowed, other control characters and lone surrogates are not.
      pattern: '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$',
      description: `Up to ${TAG_DESCRIPTION_MAX} characters of plain text; empty clears it`,
    }),
  },
  { additionalProperties: false },
);

export const Deleted = Type.Object({ deleted: Type.String({ description: 'The key of the deleted tag' }) }, { additionalProperties: false });

export const TagLogQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit(TAG_LOG_PAGE_DEFAULT)) }, { additionalProperties: false });

export const TagLogPage = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          actor: Type.String({ description: 'key:<id> for an API key, user:<sub> for a moderator, cli for the admin CLI' }),
          action: Type.Enum(TAG_LOG_ACTIONS),
          detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), { description: 'What changed: the keys (and displays) involved, and counts moved' }),
          createdAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
