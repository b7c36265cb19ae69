import { Type } from 'typebox';
import { Policy } from './site.schemas.ts';

const { feedHosts: _hosts, activityFeeds: _activity, ...widgetPolicy } = Policy.properties;

/**
 * What a browser widget may know about its site before anyone signs in: the policy, never secrets or origins. The
 * feed settings are the server's business (the proxy and the activity routes apply them), so no page downloads them.
 */
export const SitePolicy = Type.Object(
  {
    site: Type.String({ description: 'Site id' }),
    ...widgetPolicy,
  },
  { additionalProperties: false },
);

/** The route takes no query parameters; unknown ones are refused like everywhere else. */
export const NoQuery = Type.Object({}, { additionalProperties: false });
