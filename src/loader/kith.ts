// The script-tag entry (an IIFE, so it works with and without type="module"): configures Kith from the
// tag's data-* attributes and imports each widget's class module the first time its tag appears, then
// registers it (`Widget.define`, which is a no-op when the same version is already registered).
import { configure, type KithOptions } from '../core/config.js';
import { VERSION } from '../core/version.js';

const WIDGETS = ['rating'];

const w = window as any;
const me = (document.currentScript ?? document.querySelector('script[src$="kith.js"]')) as HTMLScriptElement | null;
const src = me?.src || location.href;
const d = me?.dataset ?? {};
// Options a page set before the tag (`window.Kith = { token: … }`) win over data-* attributes.
const { version, configure: _, ...pre } = w.Kith ?? {};
configure({ api: d.api || new URL(src).origin, site: d.site, lang: d.lang, theme: d.theme as KithOptions['theme'], token: d.token, ...pre });
w.Kith = { version: VERSION, configure };

const seen = new Set<string>();
const scan = () => {
  for (const el of document.querySelectorAll(':not(:defined)')) {
    const n = el.localName.slice(5);
    if (el.localName.startsWith('kith-') && WIDGETS.includes(n) && !seen.has(n)) {
      seen.add(n);
      // The class module plus a guarded define here: one file less than the define module on every page.
      import(new URL(`widgets/${n}/${n}.component.js`, src).href).then((m) => m.default.define('kith-' + n));
    }
  }
};
scan();
new MutationObserver(scan).observe(document.documentElement, { subtree: true, childList: true });
