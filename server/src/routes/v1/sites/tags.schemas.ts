import { Type } from 'typebox';
import { TAG_MAX_LENGTH } from '../../../services/tag-names.ts';
import { TAGS_BATCH_TOP } from '../../../services/tags.ts';
import { Subject } from './common.schemas.ts';
import { Limit } from './comments.schemas.ts';
import { RATINGS_BATCH_MAX_SUBJECTS } from './ratings.schemas.ts';

/** The longest tag text a request may carry before normalization (white space runs and all). Anything
 * shorter reaches services/tag-names.ts, which refuses a bad tag with 400 invalid_tag and says why. */
export const TAG_INPUT_MAX_LENGTH = 1000;

export const TAG_CLOUD_MAX = 200;
export const TAG_CLOUD_DEFAULT = 50;
export const TAG_SUBJECTS_DEFAULT = 20;
export const TAG_SUGGEST_DEFAULT = 10;

const TagText = (description: string) => Type.String({ maxLength: TAG_INPUT_MAX_LENGTH, description });

const tagRules = `at most ${TAG_MAX_LENGTH} characters after trimming and collapsing white space; no control characters, no comma`;

export const TagCount = Type.Object(
  {
    tag: Type.String({ description: 'How the tag is shown' }),
    key: Type.String({ description: 'Its identity: the display form case-folded' }),
    count: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const SubjectTags = Type.Object(
  { subject: Type.String(), items: Type.Array(TagCount, { description: 'Every tag of the subject; count = people who applied it; count desc, then key' }) },
  { additionalProperties: false },
);

export const TagsBatchQuery = Type.Object(
  {
    subject: Type.Array(Subject, {
      minItems: 1,
      maxItems: RATINGS_BATCH_MAX_SUBJECTS,
      description: `1–${RATINGS_BATCH_MAX_SUBJECTS} subjects, repeated: subject=a&subject=b. Repeats are answered once, in first-seen order.`,
    }),
  },
  { additionalProperties: false },
);

export const TagsBatch = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          subject: Type.String(),
          items: Type.Array(TagCount, { description: `The top ${TAGS_BATCH_TOP} tags` }),
          total: Type.Integer({ minimum: 0, description: 'Distinct tags on the subject' }),
        },
        { additionalProperties: false },
      ),
      { description: 'One entry per distinct subject asked for, in first-seen order' },
    ),
  },
  { additionalProperties: false },
);

export const CloudQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|1[0-9][0-9]|200)$', description: `1–${TAG_CLOUD_MAX} (default ${TAG_CLOUD_DEFAULT})` })),
    scope: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 512,
        // A kind: plain text (as PLAIN_TEXT_PATTERN) with one slash, its last character.
        pattern: '^[^/\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]+/$',
        description: 'A subject kind such as product/: only uses on subjects starting with it count',
      }),
    ),
    order: Type.Optional(Type.Union([Type.Literal('popular'), Type.Literal('alpha')], { description: 'popular (default), or the same tags by key' })),
  },
  { additionalProperties: false },
);

export const Cloud = Type.Object(
  { scope: Type.Union([Type.String(), Type.Null()]), items: Type.Array(TagCount, { description: 'count = uses (within the scope: uses on its subjects)' }) },
  { additionalProperties: false },
);

/** A subject can be 1024 bytes; its cursor is the base64url of a little JSON around it. */
const SubjectsCursor = Type.String({ minLength: 1, maxLength: 4000, pattern: '^[A-Za-z0-9_-]+$', description: 'nextCursor of the previous page' });

export const SubjectsQuery = Type.Object(
  { tag: TagText(`A tag (${tagRules}); a synonym names its target`), cursor: Type.Optional(SubjectsCursor), limit: Type.Optional(Limit(TAG_SUBJECTS_DEFAULT)) },
  { additionalProperties: false },
);

export const SubjectsPage = Type.Object(
  {
    tag: Type.Union([TagCount, Type.Null()], { description: 'The tag (count = uses), null when it does not exist' }),
    items: Type.Array(
      Type.Object(
        {
          subject: Type.String(),
          count: Type.Integer({ minimum: 1, description: 'People who put the tag on it' }),
          title: Type.Union([Type.String(), Type.Null()], { description: "The subject's card title (null until cards exist)" }),
        },
        { additionalProperties: false },
      ),
      { description: 'Most-tagged first, then by subject' },
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const SuggestQuery = Type.Object(
  {
    prefix: Type.Optional(TagText('What was typed so far, normalized like a tag; empty or absent: the most used tags')),
    limit: Type.Optional(Limit(TAG_SUGGEST_DEFAULT)),
  },
  { additionalProperties: false },
);

export const Suggestions = Type.Object(
  { prefix: Type.String(), items: Type.Array(TagCount, { description: 'count = uses; most used first, then by key' }) },
  { additionalProperties: false },
);

export const MineTags = Type.Object(
  { subject: Type.String(), tags: Type.Array(Type.String(), { description: 'The keys the caller applied' }) },
  { additionalProperties: false },
);

export const ApplyBody = Type.Object({ tag: TagText(`The tag to apply (${tagRules})`) }, { additionalProperties: false });

export const RemoveQuery = Type.Object({ subject: Subject, tag: TagText('The tag to remove') }, { additionalProperties: false });

export const TagWriteResult = Type.Object(
  {
    subject: Type.String(),
    applied: Type.String({ description: "The key applied or removed: a synonym's target when the tag given is a synonym" }),
    items: SubjectTags.properties.items,
    mine: MineTags.properties.tags,
  },
  { additionalProperties: false },
);
