/** A token, or a function that returns one; the function is called again when the server says it expired. */
export type KithToken = string | (() => string | Promise<string>);

export interface KithOptions {
  /** Site id (tenant), e.g. `demo`. */
  site?: string;
  /** Server origin, e.g. `https://kith.example.com` (default: the loader's origin, else the page's). */
  api?: string;
  /** Language for the strings catalog (default: `<html lang>`, else `en`). */
  lang?: string;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`, the default). */
  theme?: 'light' | 'dark' | 'auto';
  /** Host-signed user token; without one, guests get a visitor token where the site allows it. */
  token?: KithToken | null;
  /** Extra or replacement strings per language, e.g. `{ de: { retry: 'Erneut versuchen' } }`; replaces what
   * an earlier `configure` gave (`registerStrings` adds to it instead). English is the fallback. */
  strings?: Record<string, Record<string, string>>;
}

/** The registry both bundles share: the loader (IIFE) and the core chunk find it under the same symbol. */
export type Registry = EventTarget & { o: KithOptions };

const KEY = Symbol.for('kith.config');

export const registry = (): Registry =>
  ((globalThis as any)[KEY] ??= Object.assign(new EventTarget(), { o: {} }));

/** Current options (live object; do not mutate, call `configure`). */
export const options = (): KithOptions => registry().o;

/** Merges options (undefined values are ignored) and tells every widget to re-render. */
export const configure = (opts: KithOptions): void => {
  const r = registry();
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) (r.o as any)[k] = v;
  r.dispatchEvent(new Event('change'));
};
