// The three pages the render bench compares, each with n rows, and the Content-Security-Policy each needs,
// for each widget it measures (RenderWidget: what the pages hold and what the server is seeded with):
// - kith: the script tag an admin pastes and n Kith widgets, each its own subject (bench/0 …);
// - shoelace: Shoelace's light theme and its cherry-picked peer component from the CDN, as its docs tell
//   users to load it, and n of its elements showing the same values (they fetch nothing);
// - text: the same rows as plain text.
// RATING: n <kith-rating> beside n <sl-rating>. TAG_CLOUD: n <kith-tag-cloud variant="compact"> (the table
// row variant) beside n <sl-tag> showing each subject's first tag. ID_CARD: n names each wrapped in
// <kith-id-card> beside the same names each wrapped in <sl-tooltip> (a list page before anyone hovers). FEED: n
// <kith-feed layout="compact" limit="1"> (a CRM column of each record's latest activity) beside n lines "Rated
// 4 stars" with an <sl-relative-time>.
import type { PagePolicy } from './host-page.ts';
import type { Seed } from './kith-server.ts';
import { voteOf } from './kith-server.ts';
import { SHOELACE_RATING, SHOELACE_RELATIVE_TIME, SHOELACE_TAG, SHOELACE_TOOLTIP } from '../shoelace.ts';

export type Kind = 'kith' | 'shoelace' | 'text';
export const KINDS: readonly Kind[] = ['kith', 'shoelace', 'text'];

export interface Origins {
  kith: string;
  site: string;
  /** Shoelace's package base URL on its CDN (…/npm/@shoelace-style/shoelace@2.20.1). */
  shoelace: string;
}

export interface RenderWidget {
  /** Names the widget in the host page's paths (/rating/kith/50). */
  id: string;
  /** The elements the probe counts and waits for. */
  kithElement: string;
  shoelaceElement: string;
  /** Shoelace's CDN entry for its element (package-relative). */
  shoelaceEntry: string;
  /** Shoelace's element draws sl-icon SVGs, whose arrival the probe records (not part of done). */
  shoelaceIcons: boolean;
  /** When a Kith widget counts as done: `loaded`, it shows the server's data (:state(loaded)); `updated`, it has
   * rendered (a widget that reads nothing until it is used: the ID card). */
  kithDone?: 'loaded' | 'updated';
  /** What the Kith server holds for subjects bench/0 … bench/<n - 1>. */
  seed: Omit<Seed, 'subjects'>;
  /** Row i's content on each page. */
  row: Record<Kind, (i: number) => string>;
  /** What the Shoelace page's policy adds to the base (the CDN's origin is given). */
  shoelacePolicy(shoelaceOrigin: string): PagePolicy;
}

const VOTERS = 3;
/** The average the Kith server holds for subject i (the Shoelace page shows the same values). */
const average = (i: number) => Math.round((Array.from({ length: VOTERS }, (_, v) => voteOf(i, v)).reduce((a, b) => a + b) / VOTERS) * 100) / 100;

export const RATING: RenderWidget = {
  id: 'rating',
  kithElement: 'kith-rating',
  shoelaceElement: 'sl-rating',
  shoelaceEntry: SHOELACE_RATING,
  shoelaceIcons: true,
  seed: { voters: VOTERS },
  row: {
    kith: (i) => `<kith-rating subject="bench/${i}"></kith-rating>`,
    shoelace: (i) => `<sl-rating label="Rating" value="${average(i)}"></sl-rating>`,
    text: (i) => `★★★★☆ ${average(i).toFixed(1)} · ${VOTERS} ratings`,
  },
  // Besides its CDN's origin, Shoelace needs three relaxations to draw what its docs show: sl-icon
  // fetch()es its star as a data: URL (connect-src data:) and parses the SVG through innerHTML (no
  // Trusted Types requirement), else the stars stay blank; a partly filled star is clipped by a style
  // attribute on first render (style-src 'unsafe-inline'), else 3.5 shows as 4 full stars.
  shoelacePolicy: (origin) => ({ scripts: [origin], styles: [origin, "'unsafe-inline'"], connect: ['data:'], trustedTypes: false }),
};

const TAG_WORDS = ['customer', 'VIP', 'renewal', 'lead', 'partner', 'enterprise', 'trial', 'urgent', 'upsell', 'prospect', 'reseller', 'pilot'];
/** Subject i's three tags, the first applied by two people (so it comes first), the others by one. */
const tagsOf = (i: number) => [0, 5, 7].map((k) => TAG_WORDS[(i + k) % TAG_WORDS.length]!);
/** What the compact tag cloud shows for subject i: its two top tags (most people first, then by key) and "+1". */
const compactLine = (i: number) => {
  const [first, ...rest] = tagsOf(i);
  const [second] = rest.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  return `${first} ${second} +1`;
};

export const TAG_CLOUD: RenderWidget = {
  id: 'tag-cloud',
  kithElement: 'kith-tag-cloud',
  shoelaceElement: 'sl-tag',
  shoelaceEntry: SHOELACE_TAG,
  shoelaceIcons: false,
  seed: { tags: tagsOf },
  row: {
    kith: (i) => `<kith-tag-cloud variant="compact" subject="bench/${i}"></kith-tag-cloud>`,
    shoelace: (i) => `<sl-tag size="small">${tagsOf(i)[0]}</sl-tag>`,
    text: compactLine,
  },
  // sl-tag (not removable) draws no icon: the CDN's origin is all it needs, under Trusted Types.
  shoelacePolicy: (origin) => ({ scripts: [origin], styles: [origin] }),
};

export const ID_CARD: RenderWidget = {
  id: 'id-card',
  kithElement: 'kith-id-card',
  shoelaceElement: 'sl-tooltip',
  shoelaceEntry: SHOELACE_TOOLTIP,
  shoelaceIcons: false,
  kithDone: 'updated',
  seed: {},
  row: {
    kith: (i) => `<kith-id-card subject="bench/${i}"><a href="#c${i}">Contact ${i}</a></kith-id-card>`,
    shoelace: (i) => `<sl-tooltip content="Contact ${i}, Buyer at Acme"><a href="#c${i}">Contact ${i}</a></sl-tooltip>`,
    text: (i) => `<a href="#c${i}">Contact ${i}</a>`,
  },
  shoelacePolicy: (origin) => ({ scripts: [origin], styles: [origin] }),
};

/** When the Shoelace page's lines say their rating happened (the Kith server's votes are a moment old). */
const RATED_AT = new Date().toISOString();

export const FEED: RenderWidget = {
  id: 'feed',
  kithElement: 'kith-feed',
  shoelaceElement: 'sl-relative-time',
  shoelaceEntry: SHOELACE_RELATIVE_TIME,
  shoelaceIcons: false,
  seed: { voters: 1 },
  row: {
    kith: (i) => `<kith-feed subject="bench/${i}" layout="compact" limit="1"></kith-feed>`,
    shoelace: (i) => `<span>bench/${i} was rated ${voteOf(i, 0)} stars <sl-relative-time date="${RATED_AT}"></sl-relative-time></span>`,
    text: (i) => `<span>bench/${i} was rated ${voteOf(i, 0)} stars, now</span>`,
  },
  shoelacePolicy: (origin) => ({ scripts: [origin], styles: [origin] }),
};

/** Every widget the render pages show, for the tools that take one by its id. */
export const RENDER_WIDGETS: readonly RenderWidget[] = [RATING, TAG_CLOUD, ID_CARD, FEED];

// Every page names an empty icon, so Chromium does not ask the host page server for /favicon.ico.
const doc = (title: string, head: string, rows: string[]) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
${head}</head><body>
${rows.join('\n')}
</body></html>`;

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => `<div>Item ${i} ${row(i)}</div>`);

export function page(widget: RenderWidget, kind: Kind, n: number, o: Origins): { html: string; policy: PagePolicy } {
  const shoelaceOrigin = new URL(o.shoelace).origin;
  switch (kind) {
    case 'kith':
      return {
        html: doc(`Kith ×${n}`, `<script src="${o.kith}/dist/kith.js" data-site="${o.site}"></script>`, rows(n, widget.row.kith)),
        // What test/e2e/support/host-page.ts sends for a page with the Kith script tag.
        policy: { scripts: [o.kith], connect: [o.kith] },
      };
    case 'shoelace':
      return {
        html: doc(
          `Shoelace ×${n}`,
          `<link rel="stylesheet" href="${o.shoelace}/cdn/themes/light.css">
<script type="module" src="${o.shoelace}/${widget.shoelaceEntry}"></script>`,
          rows(n, widget.row.shoelace),
        ),
        policy: widget.shoelacePolicy(shoelaceOrigin),
      };
    case 'text':
      return { html: doc(`Text ×${n}`, '', rows(n, widget.row.text)), policy: {} };
  }
}
