// The answers of the reads the loader started (loader/prefetch.ts) while the widgets' code was on its way, kept
// by URL in the page's registry: the SDK takes each once instead of asking again; any other request, and a
// prefetch that failed, goes through ky (core/http.ts), which is loaded only then.
import { registry } from './config.js';

/** A prefetched answer: its status and parsed JSON body. */
export interface Prefetched {
  status: number;
  body: any;
}

/** The reads started, by URL. */
export const prefetched = (): Map<string, Promise<Prefetched | undefined>> => (registry().prefetched ??= new Map());

/** The prefetched answer for `url`, taken once; also marks that the widgets have started reading, so a late
 * loader does not prefetch what is already being read. */
export const takePrefetched = (url: string): Promise<Prefetched | undefined> | undefined => {
  const requests = prefetched();
  const answer = requests.get(url);
  requests.delete(url);
  registry().readsStarted = true;
  return answer;
};
