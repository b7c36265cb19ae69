import { Type } from 'typebox';
import { Policy } from './site.schemas.ts';

const { feedHosts: _serverOnly, ...widgetPolicy } = Policy.properties;

/**
 * What a browser widget may know about its site before anyone signs in: the policy, never secrets or origins. The
 * feed hosts are the proxy's business (it refuses other hosts itself), so no page downloads the list.
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
