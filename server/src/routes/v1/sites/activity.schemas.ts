import { Type } from 'typebox';
import { ACTIVITY_LIMIT_DEFAULT, ACTIVITY_LIMIT_MAX } from '../../../services/activity.ts';
import { Subject } from './common.schemas.ts';
import { FeedDocument } from './feeds.schemas.ts';

export const ActivityQuery = Type.Object(
  {
    subject: Type.Optional(Subject),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A tag, as shown or in any case' })),
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$', description: `1–${ACTIVITY_LIMIT_MAX} items (default ${ACTIVITY_LIMIT_DEFAULT})` })),
    token: Type.Optional(Type.String({ maxLength: 600, description: 'A feed token (POST …/activity/token), where the site keeps its activity feeds private' })),
  },
  { additionalProperties: false },
);

export const ActivityRead = Type.Object({ feed: FeedDocument }, { additionalProperties: false });

export const FeedTokenAnswer = Type.Object(
  {
    token: Type.String({ description: 'Add as ?token= to the feed URLs; it does not expire (rotating the site secret revokes it)' }),
    feeds: Type.Object({ atom: Type.String(), rss: Type.String(), json: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
