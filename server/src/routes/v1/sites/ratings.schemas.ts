import { Type } from 'typebox';

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
