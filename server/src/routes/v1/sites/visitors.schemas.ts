import { Type } from 'typebox';

export const VisitorBody = Type.Object(
  {
    altcha: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'The solved challenge of GET …/visitors/challenge (base64 JSON), where the policy asks for guestProofOfWork' }),
    ),
  },
  { additionalProperties: false, description: 'No body, {}, or { altcha } on sites with guestProofOfWork' },
);

export const VisitorToken = Type.Object(
  {
    token: Type.String({ description: 'Visitor JWT (iss "kith", aud = site id)' }),
    sub: Type.String({ pattern: '^guest:' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const RenewBody = Type.Object({}, { additionalProperties: false, description: 'No body, or {}: the token to renew is the Bearer credential' });

export const PowChallenge = Type.Object(
  {
    algorithm: Type.String({ description: 'SHA-256' }),
    challenge: Type.String({ description: 'Hex SHA-256 of salt + the hidden number' }),
    maxnumber: Type.Integer({ description: 'The hidden number is 0…maxnumber' }),
    salt: Type.String({ description: 'Includes ?site=…&expires=…& (the challenge expires in 10 minutes)' }),
    signature: Type.String({ description: 'HMAC of challenge with a server secret' }),
  },
  { additionalProperties: false, description: 'An ALTCHA challenge (altcha-lib v1 format)' },
);

export const RevokeBody = Type.Union(
  [
    Type.Object({ visitor: Type.String({ pattern: '^guest:[0-9a-f-]{36}$', description: 'The visitor sub to revoke' }) }, { additionalProperties: false }),
    Type.Object({ all: Type.Literal(true, { description: 'Revoke every visitor token of the site issued until now' }) }, { additionalProperties: false }),
  ],
  { description: '{ "visitor": "guest:…" } or { "all": true }' },
);

export const RevokeResult = Type.Object(
  {
    revoked: Type.Union([Type.String({ description: 'The visitor sub' }), Type.Literal('all')]),
    at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
