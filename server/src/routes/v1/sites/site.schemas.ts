import { Type } from 'typebox';
import { FEED_HOSTS_MAX, GUEST_VOTES_PER_NETWORK_MAX } from '../../../services/sites.ts';
import { PLAIN_TEXT_PATTERN } from './common.schemas.ts';

export const Policy = Type.Object(
  {
    guestsMayRate: Type.Boolean(),
    guestsMayComment: Type.Boolean(),
    moderation: Type.Union([Type.Literal('pre'), Type.Literal('post')]),
    guestVotesPerNetworkPerDay: Type.Integer({
      minimum: 0,
      maximum: GUEST_VOTES_PER_NETWORK_MAX,
      description: 'New guest votes per subject per network (IPv4 /24, IPv6 /64) per UTC day; 0: no cap. Signed-in users are not capped.',
    }),
    guestProofOfWork: Type.Boolean({ description: 'Guests solve GET …/visitors/challenge before POST …/visitors' }),
    feedHosts: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
      maxItems: FEED_HOSTS_MAX,
      description: 'Hosts the feed proxy may read for this site (news.example.com, or *.example.com for its subdomains); empty: any public host',
    }),
    activityFeeds: Type.Union([Type.Literal('public'), Type.Literal('token')], {
      description: "Who may read the site's activity feeds: anyone, or signed-in users with their token or a feed token",
    }),
  },
  { additionalProperties: false },
);

export const PublicSite = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    origins: Type.Array(Type.String()),
    policy: Policy,
  },
  { additionalProperties: false },
);

export const SitePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: PLAIN_TEXT_PATTERN })),
    origins: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100, description: 'Exact origins, or "*" for any' }),
    ),
    policy: Type.Optional(Type.Partial(Policy, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
