// Where the bench finds Shoelace, the peer it measures Kith against: the installed npm package (a
// devDependency) and the files its docs tell users to load to cherry-pick a component (rating, tag) from a CDN.
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHOELACE_DIR = realpathSync(resolve(import.meta.dirname, '../node_modules/@shoelace-style/shoelace'));
export const SHOELACE_VERSION: string = JSON.parse(readFileSync(join(SHOELACE_DIR, 'package.json'), 'utf8')).version;
/** The component's CDN entry (package-relative); it imports its chunks statically. */
export const SHOELACE_RATING = 'cdn/components/rating/rating.js';
/** sl-tag's CDN entry, the peer of the compact tag cloud (render bench). */
export const SHOELACE_TAG = 'cdn/components/tag/tag.js';
/** sl-tooltip's CDN entry, the peer of the ID card (sizes, render and hover benches). */
export const SHOELACE_TOOLTIP = 'cdn/components/tooltip/tooltip.js';
/** sl-relative-time's CDN entry, the peer of the compact feed (render bench): a line with an age, fetching nothing. */
export const SHOELACE_RELATIVE_TIME = 'cdn/components/relative-time/relative-time.js';
/** The light theme's stylesheet, which the docs load beside any component. */
export const SHOELACE_THEME = 'cdn/themes/light.css';
