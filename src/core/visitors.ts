// Guest identity for writes: where a site allows guests, the first write of a visitor without a token gets
// one (`POST visitors`), kept in IndexedDB per api+site. Loaded with the outbox, never on a read-only page.
import { set } from 'idb-keyval';
import { send } from './http.js';
import { keepVisitorToken, visitorTokenStore, type CreateVisitor } from './identity.js';

const creating = new Map<string, Promise<string>>();

/** Creates the visitor token of a site prefix; concurrent first writes share one POST. */
export const createVisitor: CreateVisitor = (prefix) => {
  let created = creating.get(prefix);
  if (!created) {
    created = send<{ token: string }>('POST', 'visitors', { prefix, json: {} }).then(async ({ token }) => {
      keepVisitorToken(prefix, Promise.resolve(token));
      await set(prefix, token, visitorTokenStore).catch(() => {});
      return token;
    });
    creating.set(prefix, created);
    const done = () => creating.delete(prefix);
    created.then(done, done);
  }
  return created;
};
