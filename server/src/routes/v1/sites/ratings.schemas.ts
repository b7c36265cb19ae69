import { Type } from 'typebox';
import { Subject } from './common.schemas.ts';

/** Subjects per batch read. A page of 200 rows is one request; the SDK splits longer lists (and URLs over
 * about 6000 characters, well below Node's 16 KB request-header limit). */
export const RATINGS_BATCH_MAX_SUBJECTS = 200;

/** `?subject=a&subject=b…`. One `subject=` arrives as a string; the route's preValidation hook makes it a
 * one-item array first, so this schema (and the OpenAPI document) can say what the route takes. */
export const BatchQuery = Type.Object(
  {
    subject: Type.Array(Subject, {
      minItems: 1,
      maxItems: RATINGS_BATCH_MAX_SUBJECTS,
      description: `1–${RATINGS_BATCH_MAX_SUBJECTS} subjects, repeated: subject=a&subject=b. Repeats are answered once, in first-seen order.`,
    }),
  },
  { additionalProperties: false },
);

export const Summary = Type.Object(
  {
    subject: Type.String(),
    average: Type.Number({ minimum: 0, maximum: 5 }),
    count: Type.Integer({ minimum: 0 }),
    histogram: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 5, maxItems: 5, description: 'histogram[i] = votes of i + 1 stars' }),
  },
  { additionalProperties: false },
);

export const Mine = Type.Object(
  { subject: Type.String(), value: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]) },
  { additionalProperties: false },
);

export const VoteBody = Type.Object({ value: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });

export const VoteResult = Type.Object(
  {
    subject: Type.String(),
    value: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
    summary: Summary,
  },
  { additionalProperties: false },
);

export const SummaryBatch = Type.Object(
  { items: Type.Array(Summary, { description: 'One summary per distinct subject asked for, in first-seen order' }) },
  { additionalProperties: false },
);

export const MineBatch = Type.Object(
  { items: Type.Array(Mine, { description: "The caller's vote per distinct subject asked for, in first-seen order" }) },
  { additionalProperties: false },
);
