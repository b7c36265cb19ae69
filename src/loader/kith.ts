// The script-tag entry (an IIFE, so it works with and without type="module"): configures Kith from the
// tag's data-* attributes and imports each widget's class module the first time its tag appears, then
// registers it (`Widget.define`, which is a no-op when the same version is already registered).
import { configure, type KithOptions } from '../core/config.js';
import { prefetch } from '../core/prefetch.js';
import { VERSION } from '../core/version.js';

/** The widgets, and the public batch read each makes on load (started here, see core/prefetch.ts; a comment
 * thread's first page is started there too, its count variant batches; only tag clouds with a subject batch).
 * An ID card reads nothing until it is reached for; a feed's read is its own (its key is not the page's subject). */
const WIDGETS: Record<string, string> = { rating: 'ratings/batch', comments: 'comments/counts', 'tag-cloud': 'tags/batch', 'id-card': '', feed: '' };

const w = window as any;
const me = (document.currentScript ?? document.querySelector('script[src$="kith.js"]')) as HTMLScriptElement | null;
const src = me?.src || location.href;
const d = me?.dataset ?? {};
// What a page set before the tag wins over data-* attributes: options (`window.Kith = { token: … }`), then
// the calls the queue snippet kept, in order (docs/admin.md):
//   window.Kith = window.Kith || { q: [], configure: function (o) { Kith.q.push(o) } };
//   Kith.configure({ token: … });
const { version, configure: _, q: queued = [], ...pre } = w.Kith ?? {};
configure({ api: d.api || new URL(src).origin, site: d.site, lang: d.lang, theme: d.theme as KithOptions['theme'], token: d.token, signInUrl: d.signInUrl, ...pre });
for (const options of queued) configure(options);
w.Kith = { version: VERSION, configure };

/** The core chunk's file name (rollup.config.mjs writes it at build time). */
const CORE_CHUNK = '__KITH_CORE_CHUNK__';

const seen = new Set<string>();
/** Imports a widget's class the first time one of its tags shows up among `elements`. */
const found = (elements: Iterable<Element>) => {
  for (const element of elements) {
    const name = element.localName.slice(5);
    if (element.localName.startsWith('kith-') && name in WIDGETS && !seen.has(name)) {
      seen.add(name);
      // The class module plus a guarded define here: one file less than the define module on every page.
      // The core chunk is asked for at the same time, not after the class module arrives and names it.
      if (CORE_CHUNK.endsWith('.js')) import(new URL(CORE_CHUNK, src).href).catch(() => {});
      import(new URL(`widgets/${name}/${name}.component.js`, src).href).then((widget) => widget.default.define('kith-' + name));
    }
  }
};
/** Looks at the whole page; while it is being parsed, again at the next frame. */
const foundInPage = () => {
  found(document.querySelectorAll(':not(:defined)'));
  if (document.readyState == 'loading') requestAnimationFrame(foundInPage);
};
// Tags the parser adds: while the page is parsed, it is looked at once a frame, and once more when it is parsed
// (a query each; a mutation observer would get a record for every node the parser adds, 800 for a 200-row
// table). Tags the page adds later: only what was added is looked at, and once every widget's class is on its
// way there is nothing left to watch for.
const watcher = new MutationObserver((mutations) => {
  for (const mutation of mutations)
    for (const node of mutation.addedNodes)
      if (node instanceof Element) found(node.firstElementChild ? [node, ...node.querySelectorAll(':not(:defined)')] : [node]);
  if (seen.size == Object.keys(WIDGETS).length) watcher.disconnect();
});
// Once the tags are parsed, start their first reads while the widgets' code loads. Then, on a page with
// ratings or comments (averages, dates), load the browser's locale data: the first Intl object a page makes
// costs 10 to 90 ms, which would otherwise fall between the widgets' data arriving and their first frame (made
// in any language, it serves every other). Tag clouds alone skip it: English counts need no Intl.
const start = () => {
  foundInPage();
  watcher.observe(document.documentElement, { subtree: true, childList: true });
  // ID cards read nothing until one is reached for, and feeds need no policy: a page of only those starts no reads.
  if ([...seen].some((name) => WIDGETS[name])) prefetch(WIDGETS);
  if (seen.has('rating') || seen.has('comments')) new Intl.DateTimeFormat().format(new Intl.NumberFormat().format(0) as any);
};
if (document.readyState == 'loading') foundInPage(), addEventListener('DOMContentLoaded', start);
else start();
