import { Type } from 'typebox';
import { Summary } from './ratings.schemas.ts';

const Network = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The keyed hash of a network, as listed' });
const Visitor = Type.String({ pattern: '^guest:[0-9a-f-]{36}$', description: 'A visitor sub' });
const Ip = Type.String({ minLength: 2, maxLength: 64, description: 'An IPv4 or IPv6 address: its /24 or /64 network' });

export const GuestVotesQuery = Type.Object(
  {
    network: Type.Optional(Network),
    visitor: Type.Optional(Visitor),
    ip: Type.Optional(Ip),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'At most this many votes, newest first (default 100, at most 1000)' })),
  },
  { additionalProperties: false, description: 'Exactly one of network, visitor or ip' },
);

export const GuestVotesFilterBody = Type.Object(
  { network: Type.Optional(Network), visitor: Type.Optional(Visitor), ip: Type.Optional(Ip) },
  { additionalProperties: false, description: 'Exactly one of network, visitor or ip' },
);

export const GuestVoteList = Type.Object(
  {
    network: Type.Optional(Type.String()),
    total: Type.Integer({ minimum: 0, description: 'How many votes match (items may be fewer: limit)' }),
    items: Type.Array(
      Type.Object(
        {
          subject: Type.String(),
          visitor: Type.String(),
          value: Type.Integer({ minimum: 1, maximum: 5 }),
          network: Type.Union([Type.String(), Type.Null()]),
          updatedAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PurgeResult = Type.Object(
  {
    purged: Type.Integer({ minimum: 0 }),
    summaries: Type.Array(Summary, { description: 'The new summary of every subject that lost votes' }),
  },
  { additionalProperties: false },
);
