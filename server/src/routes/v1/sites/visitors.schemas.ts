import { Type } from 'typebox';

export const VisitorBody = Type.Object({}, { additionalProperties: false, description: 'No body, or {}' });

export const VisitorToken = Type.Object(
  {
    token: Type.String({ description: 'Visitor JWT (iss "kith", aud = site id)' }),
    sub: Type.String({ pattern: '^guest:' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
