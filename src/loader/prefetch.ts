// The page's first reads start in the loader, while the widgets' code is still on its way: the same public
// batch GETs the widgets are about to make (the same URLs, built by the same code), a comment thread's first
// page, and the site's policy. The SDK takes their answers (core/prefetch.ts).
import { options, registry, sitePrefix } from '../core/config.js';
import { subjectQueries, subjectQuery } from '../core/batch.js';
import { feedKey } from '../core/feed-key.js';
import { readCacheMode } from '../core/freshness.js';
import { prefetched } from '../core/prefetch.js';
import { pageSubject, validSubject } from '../core/subject.js';

const subjectOf = (element: Element) => element.getAttribute('subject') || pageSubject();

/** The public batch reads the widgets make on load: the route, the tags that make it, and each tag's key. A
 * comment thread reads its own first page (below); only the count variant batches. A tag cloud without a subject
 * is the site's cloud, not the page's subject. A feed's key is its source's (core/feed-key.ts). An ID card reads
 * nothing until it is reached for. */
const BATCHES: Array<[path: string, selector: string, keyOf: (element: Element) => string]> = [
  ['ratings/batch', 'kith-rating', subjectOf],
  ['comments/counts', 'kith-comments[variant=count]', subjectOf],
  ['tags/batch', 'kith-tag-cloud[subject]', subjectOf],
  ['feeds/batch', 'kith-feed', (element) => feedKey((name) => element.getAttribute(name))],
];

/** Called by the loader once the page's tags are parsed. Does nothing once the widgets have asked for data
 * themselves. */
export const prefetch = (): void => {
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
  // The policy is the rating's, the comments' and the tag cloud's: a page of only feeds does not read it.
  if (!options().token && document.querySelector('kith-tag-cloud,kith-rating,kith-comments')) get(prefix + 'policy');
  for (const [path, selector, keyOf] of BATCHES)
    for (const chunk of subjectQueries([...new Set([...document.querySelectorAll(selector)].map(keyOf).filter(validSubject))])) get(prefix + path + subjectQuery(chunk));
  // A thread in the default order: the URL comments.data.ts's listComments builds for it.
  for (const element of document.querySelectorAll('kith-comments:not([variant=count]):not([sort]):not([stars])')) {
    const subject = subjectOf(element);
    if (validSubject(subject)) get(prefix + 'comments' + subjectQuery([subject]) + '&sort=newest');
  }
};
