import { Type } from 'typebox';
import { Policy } from './site.schemas.ts';

/** What a browser widget may know about its site before anyone signs in: the policy, never secrets or origins. */
export const SitePolicy = Type.Object(
  {
    site: Type.String({ description: 'Site id' }),
    ...Policy.properties,
  },
  { additionalProperties: false },
);

/** The route takes no query parameters; unknown ones are refused like everywhere else. */
export const NoQuery = Type.Object({}, { additionalProperties: false });
