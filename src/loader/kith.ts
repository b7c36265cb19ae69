// The script-tag entry (an IIFE, so it works with and without type="module"): configures Kith from the
// tag's data-* attributes and imports each widget's class module the first time its tag appears, then
// registers it (`Widget.define`, which is a no-op when the same version is already registered).
import { configure, type KithOptions } from '../core/config.js';
import { prefetch } from './prefetch.js';
import { VERSION } from '../core/version.js';

/** The widgets' tags. The public batch reads they make on load start here (loader/prefetch.ts). */
const WIDGETS = ['kith-rating', 'kith-comments', 'kith-tag-cloud', 'kith-id-card', 'kith-feed'];

const w = window as any;
const me = (document.currentScript ?? document.querySelector('script[src$="kith.js"]')) as HTMLScriptElement | null;
const src = me?.src || location.href;
const d = me?.dataset ?? {};
// What a page set before the tag wins over data-* attributes: options (`window.Kith = { token: … }`), then
// the calls the queue snippet kept, in order (docs/admin.md):
//   window.Kith = window.Kith || { q: [], configure: function (o) { Kith.q.push(o) } };
//   Kith.configure({ token: … });
const { version, configure: _, q: queued = [], ...pre } = w.Kith ?? {};
// Each data-* attribute is the option of its name (`data-sign-in-url` is `signInUrl`); `api` is the script's origin unless set.
configure({ ...(d as KithOptions), api: d.api || new URL(src).origin, ...pre });
for (const options of queued) configure(options);
w.Kith = { version: VERSION, configure };

/** The core chunk's file name (rollup.config.mjs writes it at build time). */
const CORE_CHUNK = '__KITH_CORE_CHUNK__';

const seen = new Set<string>();
/** Imports a widget's class the first time one of its tags shows up among `elements`. */
const found = (elements: Iterable<Element>) => {
  for (const element of elements) {
    const tag = element.localName;
    const name = tag.slice(5);
    if (WIDGETS.includes(tag) && !seen.has(tag)) {
      seen.add(tag);
      // The class module plus a guarded define here: one file less than the define module on every page.
      // The core chunk is asked for at the same time, not after the class module arrives and names it.
      if (CORE_CHUNK.endsWith('.js')) import(new URL(CORE_CHUNK, src).href).catch(() => {});
      import(new URL(`widgets/${name}/${name}.component.js`, src).href).then((widget) => widget.default.define(tag));
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
      if (node instanceof Element) found([node, ...node.querySelectorAll(':not(:defined)')]);
  if (seen.size == WIDGETS.length) watcher.disconnect();
});
// Once the tags are parsed, start their first reads while the widgets' code loads. Then, on a page with
// ratings or comments (averages, dates), load the browser's locale data: the first Intl object a page makes
// costs 10 to 120 ms, which would otherwise fall between the widgets' data arriving and their first frame (made
// in any language, it serves every other). Tag clouds alone skip it: English counts need no Intl. Feeds skip it
// too: their class module imports a second chunk (rich text and dates), which the browser asks for only once the
// main thread is free to read the class module; warming Intl here held that request back by as long as it took.
const start = () => {
  foundInPage();
  watcher.observe(document.documentElement, { subtree: true, childList: true });
  // Only what the page's tags read: a page of only ID cards (which read nothing until one is reached for) starts none.
  prefetch();
  if (document.querySelector('kith-rating,kith-comments')) new Intl.DateTimeFormat().format(new Intl.NumberFormat().format(0) as any);
};
if (document.readyState == 'loading') foundInPage(), addEventListener('DOMContentLoaded', start);
else start();
