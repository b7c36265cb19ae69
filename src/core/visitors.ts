// Guest identity for writes: where a site allows guests, the first write of a visitor without a token gets
// one (`POST visitors`), kept in IndexedDB per api+site, after a proof of work where the site asks for one.
// Visitor tokens live days; an expired one is renewed for the same visitor (`POST visitors/renew`). Loaded
// with the outbox, never on a read-only page.
import { del, set } from 'idb-keyval';
import type { KithError } from './error.js';
import { send } from './http.js';
import { keepVisitorToken, visitorTokenStore, type CreateVisitor } from './identity.js';
import { sitePolicy } from './policy.js';
import { solve, type Challenge } from './proof-of-work.js';

interface VisitorToken {
  token: string;
}

const creating = new Map<string, Promise<string>>();

const keep = async (prefix: string, token: string) => {
  keepVisitorToken(prefix, Promise.resolve(token));
  await set(prefix, token, visitorTokenStore).catch(() => {});
  return token;
};

/** The body of `POST visitors`: `{ altcha }`, a solved challenge, where the site asks for proof of work. */
const proofOfWork = async (prefix: string) => ({ altcha: await solve(await send<Challenge>('GET', 'visitors/challenge', { prefix })) });

/** Mints a visitor token. The site's policy says whether to solve a challenge first; if the policy could not
 * be read, or changed since, the server's `proof_of_work_required` says so instead, and a solution it
 * refuses (`proof_of_work_invalid`: expired meanwhile) is made again once. */
const mint = async (prefix: string): Promise<VisitorToken> => {
  const json = (await sitePolicy(prefix))?.guestProofOfWork ? await proofOfWork(prefix) : {};
  try {
    return await send<VisitorToken>('POST', 'visitors', { prefix, json });
  } catch (error) {
    // Asked for a proof the policy did not mention, or the challenge expired while it was solved: once more.
    const code = (error as KithError).code;
    if (code != 'proof_of_work_required' && code != 'proof_of_work_invalid') throw error;
    return send<VisitorToken>('POST', 'visitors', { prefix, json: await proofOfWork(prefix) });
  }
};

/** Creates the visitor token of a site prefix; concurrent first writes share one POST. */
export const createVisitor: CreateVisitor = (prefix) => {
  let created = creating.get(prefix);
  if (!created) {
    created = mint(prefix).then(({ token }) => keep(prefix, token));
    creating.set(prefix, created);
    const done = () => creating.delete(prefix);
    created.then(done, done);
  }
  return created;
};

/** A fresh token for the visitor whose token `stale` expired. Undefined where the server will not renew it
 * (expired too long ago, or revoked): that visitor is gone, and the next write makes a new one. Throws when
 * the server cannot be reached, keeping the old token for later. */
export const renewVisitor = async (prefix: string, stale: string): Promise<string | undefined> => {
  try {
    const { token } = await send<VisitorToken>('POST', 'visitors/renew', { prefix, json: {}, token: stale });
    return keep(prefix, token);
  } catch (error) {
    if ((error as KithError).status != 401) throw error;
    await del(prefix, visitorTokenStore).catch(() => {});
    return undefined;
  }
};
