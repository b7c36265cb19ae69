// The three pages the render bench compares, each with n rows, and the Content-Security-Policy each needs:
// - kith: the script tag an admin pastes and n <kith-rating>, each its own subject (bench/0 …);
// - shoelace: Shoelace's light theme and its cherry-picked rating component from the CDN, as its docs tell
//   users to load it, and n <sl-rating> with values;
// - text: the same rows as plain text.
import type { PagePolicy } from './host-page.ts';

export type Kind = 'kith' | 'shoelace' | 'text';
export const KINDS: readonly Kind[] = ['kith', 'shoelace', 'text'];

export interface Origins {
  kith: string;
  site: string;
  /** Shoelace's package base URL on its CDN (…/npm/@shoelace-style/shoelace@2.20.1). */
  shoelace: string;
  /** The average the Kith server holds for subject i (the Shoelace page shows the same values). */
  average(i: number): number;
  /** Votes per subject. */
  count: number;
}

// Every page names an empty icon, so Chromium does not ask the host page server for /favicon.ico.
const doc = (title: string, head: string, rows: string[]) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
${head}</head><body>
${rows.join('\n')}
</body></html>`;

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => `<div>Item ${i} ${row(i)}</div>`);

export function page(kind: Kind, n: number, o: Origins): { html: string; policy: PagePolicy } {
  const shoelaceOrigin = new URL(o.shoelace).origin;
  switch (kind) {
    case 'kith':
      return {
        html: doc(
          `Kith ×${n}`,
          `<script src="${o.kith}/dist/kith.js" data-site="${o.site}"></script>`,
          rows(n, (i) => `<kith-rating subject="bench/${i}"></kith-rating>`),
        ),
        // What test/e2e/support/host-page.ts sends for a page with the Kith script tag.
        policy: { scripts: [o.kith], connect: [o.kith] },
      };
    case 'shoelace':
      return {
        html: doc(
          `Shoelace ×${n}`,
          `<link rel="stylesheet" href="${o.shoelace}/cdn/themes/light.css">
<script type="module" src="${o.shoelace}/cdn/components/rating/rating.js"></script>`,
          rows(n, (i) => `<sl-rating label="Rating" value="${o.average(i)}"></sl-rating>`),
        ),
        // Besides its CDN's origin, Shoelace needs three relaxations to draw what its docs show: sl-icon
        // fetch()es its star as a data: URL (connect-src data:) and parses the SVG through innerHTML (no
        // Trusted Types requirement), else the stars stay blank; a partly filled star is clipped by a style
        // attribute on first render (style-src 'unsafe-inline'), else 3.5 shows as 4 full stars.
        policy: { scripts: [shoelaceOrigin], styles: [shoelaceOrigin, "'unsafe-inline'"], connect: ['data:'], trustedTypes: false },
      };
    case 'text':
      return {
        html: doc(`Text ×${n}`, '', rows(n, (i) => `★★★★☆ ${o.average(i).toFixed(1)} · ${o.count} ratings`)),
        policy: {},
      };
  }
}
