// The page's first reads start in the loader, while the widgets' code is still on its way: the same public
// batch GETs the widgets are about to make (the same URLs, built by the same code), a comment thread's first
// page, and the site's policy.
// The SDK then takes those answers instead of asking again; any other request, and a prefetch that failed,
// goes through ky (core/http.ts), which is loaded only then.
import { registry, sitePrefix, options } from './config.js';
import { subjectQueries, subjectQuery } from './batch.js';
import { readCacheMode } from './freshness.js';
import { pageSubject, validSubject } from './subject.js';

/** A prefetched answer: its status and parsed JSON body. */
export interface Prefetched {
  status: number;
  body: any;
}

const prefetched = () => (registry().prefetched ??= new Map());

/** Called by the loader once the page's tags are parsed: `reads` maps widget names to their public batch
 * path (`{ rating: 'ratings/batch' }`; '' for a widget that reads nothing on load). Does nothing once the widgets have asked for data themselves. */
export const prefetch = (reads: Record<string, string>): void => {
  const prefix = sitePrefix();
  const requests = prefetched();
  if (!prefix || registry().readsStarted) return;
  // The body is read and parsed here too: when the widgets ask, the answer is ready to use.
  const get = (url: string) =>
    requests.set(
      url,
      fetch(url, { cache: readCacheMode(prefix) }).then(
        async (response) => ({ status: response.status, body: await response.json() }),
        () => undefined,
      ),
    );
  if (!options().token) get(prefix + 'policy');
  const subjectOf = (element: Element) => element.getAttribute('subject') || pageSubject();
  for (const [name, path] of Object.entries(reads)) {
    if (!path) continue;
    // A comment thread reads its own first page below; only the count variant batches. A tag cloud without a
    // subject is the site's cloud, not the page's subject.
    const subjects = [...document.querySelectorAll(name == 'comments' ? 'kith-comments[variant=count]' : name == 'tag-cloud' ? 'kith-tag-cloud[subject]' : 'kith-' + name)].map(subjectOf);
    for (const chunk of subjectQueries([...new Set(subjects.filter(validSubject))])) get(prefix + path + subjectQuery(chunk));
  }
  // A thread in the default order: the URL comments.data.ts's listComments builds for it.
  for (const element of document.querySelectorAll('kith-comments:not([variant=count]):not([sort]):not([stars])')) {
    const subject = subjectOf(element);
    if (validSubject(subject)) get(prefix + 'comments?subject=' + encodeURIComponent(subject) + '&sort=newest');
  }
};

/** The prefetched answer for `url`, taken once; also marks that the widgets have started reading, so a late
 * loader does not prefetch what is already being read. */
export const takePrefetched = (url: string): Promise<Prefetched | undefined> | undefined => {
  const requests = prefetched();
  const answer = requests.get(url);
  requests.delete(url);
  registry().readsStarted = true;
  return answer;
};
