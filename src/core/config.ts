import type { Catalog } from './strings.js';

/** A token, or a function that returns one; the function is called again when the server says it expired. */
export type KithToken = string | (() => string | Promise<string>);

export interface KithOptions {
  /** Site id (tenant), e.g. `demo`. */
  site?: string;
  /** Server origin, e.g. `https://kith.example.com` (default: the loader's origin, else the page's). */
  api?: string;
  /** Language of every widget's text, e.g. `de` (default: the closest `lang` attribute around each widget,
   * else `<html lang>`, else `en`). */
  lang?: string;
  /** `light`, `dark` or `auto` (the default: follows the host page's own color scheme). */
  theme?: 'light' | 'dark' | 'auto';
  /** Host-signed user token; without one, guests get a visitor token where the site allows it. */
  token?: KithToken | null;
  /** Where a guest signs in, on sites that let only signed-in users take part (a widget's own
   * `sign-in-url` attribute wins). Widgets also fire `kith-sign-in` so a page can open its own dialog. */
  signInUrl?: string;
  /** Extra or replacement strings per language, e.g. `{ de: { retry: 'Nochmal', 'rating.rate': 'Abstimmen' } }`
   * (a widget's keys are prefixed with its name; plural texts are `{ one: …, other: … }` by CLDR category).
   * A language no catalog ships is added this way. Replaces what an earlier `configure` gave
   * (`registerStrings` adds to it instead). English is the fallback. */
  strings?: Record<string, Catalog>;
}

/** The registry every copy of the SDK on a page shares (the loader's IIFE and the core chunk find it under
 * the same symbol). `prefetched`: reads the loader started; `readsStarted`: the widgets have asked for data
 * themselves (loader/prefetch.ts, core/prefetch.ts). */
export type Registry = EventTarget & {
  options: KithOptions;
  prefetched?: Map<string, Promise<{ status: number; body: any } | undefined>>;
  readsStarted?: boolean;
};

const REGISTRY_KEY = Symbol.for('kith.config');

export const registry = (): Registry =>
  ((globalThis as any)[REGISTRY_KEY] ??= Object.assign(new EventTarget(), { options: {} }));

/** Current options (live object; do not mutate, call `configure`). */
export const options = (): KithOptions => registry().options;

/** Merges options (undefined values are ignored) and tells every widget to re-render. */
export const configure = (changes: KithOptions): void => {
  const shared = registry();
  for (const [name, value] of Object.entries(changes)) if (value !== undefined) (shared.options as any)[name] = value;
  shared.dispatchEvent(new Event('change'));
};

/** `${api}/v1/sites/${site}/`, the prefix of every site-scoped path; '' while no site is configured. */
export const sitePrefix = (): string => {
  const { api = location.origin, site } = options();
  return site ? `${api.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(site)}/` : '';
};
