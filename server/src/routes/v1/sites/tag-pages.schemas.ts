import { Type } from 'typebox';
import { RELATED_MAX, RELATED_SUBJECTS_MAX, TRENDING_BASELINE_DAYS, TRENDING_DAYS_DEFAULT, TRENDING_LIMIT_DEFAULT, TRENDING_MIN_SCORE, TRENDING_MIN_USES } from '../../../services/tag-pages.ts';
import { TAG_MAX_LENGTH } from '../../../services/tag-names.ts';
import { Limit } from './comments.schemas.ts';
import { TAG_INPUT_MAX_LENGTH, TagCount } from './tags.schemas.ts';

/** A tag as typed: tidied and checked by services/tag-names.ts, which says why a bad one is refused (400
 * invalid_tag), so the schema only bounds its size. */
export const TagText = Type.String({ maxLength: TAG_INPUT_MAX_LENGTH, description: `A tag as typed: trimmed, NFC, inner spaces collapsed, case-folded for identity; at most ${TAG_MAX_LENGTH} characters, no commas or control characters` });

export const TagQuery = Type.Object({ tag: TagText }, { additionalProperties: false });

export const TagPage = Type.Object(
  {
    tag: Type.String(),
    key: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    restricted: Type.Boolean({ description: 'Only moderators may apply it' }),
    count: Type.Integer({ minimum: 0, description: 'Uses (taggings)' }),
    subjects: Type.Integer({ minimum: 0, description: 'Subjects carrying it' }),
    synonyms: Type.Array(Type.String(), { description: 'Keys of the tags whose new uses become this one' }),
    related: Type.Array(TagCount, { description: `Up to ${RELATED_MAX} tags sharing most subjects with it (count = shared subjects), over its ${RELATED_SUBJECTS_MAX} most-tagged subjects` }),
  },
  { additionalProperties: false },
);

export const TrendingQuery = Type.Object(
  {
    days: Type.Optional(Type.String({ pattern: '^([1-9]|[12][0-9]|30)$', description: `The window: the last 1–30 days, today included (default ${TRENDING_DAYS_DEFAULT})` })),
    limit: Type.Optional(Limit(TRENDING_LIMIT_DEFAULT)),
  },
  { additionalProperties: false },
);

export const TrendingResult = Type.Object(
  {
    days: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          ...TagCount.properties,
          count: Type.Integer({ minimum: 0, description: 'Uses in the window' }),
          baseline: Type.Number({ description: `Uses per day over the ${TRENDING_BASELINE_DAYS} days before the window` }),
          score: Type.Number({ description: `(count / days + 1) / (baseline + 1); only tags with at least ${TRENDING_MIN_USES} uses in the window and a score above ${TRENDING_MIN_SCORE}` }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
