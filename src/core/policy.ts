import { send } from './http.js';

/** What a site lets guests do (`GET …/policy`, public and cacheable). */
export interface SitePolicy {
  site: string;
  guestsMayRate: boolean;
  guestsMayComment: boolean;
  moderation: 'pre' | 'post';
  /** Guests solve a proof of work before they get a visitor token (core/visitors.ts). */
  guestProofOfWork?: boolean;
}

const policies = new Map<string, Promise<SitePolicy | undefined>>();

/** The site's policy, read once per page and site (again after a failure); undefined when it cannot be
 * read (widgets then let the visitor try, and the server's answer decides). */
export const sitePolicy = (prefix: string): Promise<SitePolicy | undefined> => {
  let policy = policies.get(prefix);
  if (!policy) policies.set(prefix, (policy = send<SitePolicy>('GET', 'policy', { prefix }).catch(() => void policies.delete(prefix))));
  return policy;
};
