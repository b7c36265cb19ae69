// Bundle sizes as a browser downloads them: each file gzip -9, and the closure of static imports a page
// pulls in for a widget (loader + define module + every chunk it imports); the same for Shoelace's rating.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SHOELACE_DIR, SHOELACE_RATING, SHOELACE_THEME, SHOELACE_TOOLTIP, SHOELACE_VERSION } from './shoelace.ts';

export const dist = resolve(import.meta.dirname, '../dist');

export function gz(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** The file and every module it imports statically (`import … from "x"`, `import "x"`), transitively. */
export function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Minified ESM: `import{a as b}from"./x.js"`, `import"./x.js"`, `export{…}from"./x.js"`. Not `import(`.
    for (const m of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen];
}

export function coreChunk(): string | undefined {
  const dir = join(dist, 'chunks');
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir).filter((f) => f.startsWith('core') && f.endsWith('.js'));
  return found.length === 1 ? join(dir, found[0]!) : undefined;
}

export interface SizeRow {
  name: string;
  files: string[];
  bytes: number;
}

const row = (name: string, files: string[]): SizeRow => ({
  name,
  files: files.map((f) => relative(dist, f)),
  bytes: files.reduce((sum, f) => sum + gz(f), 0),
});

/** Whether the build has a widget (its class module). */
export const hasWidget = (widget: string) => existsSync(join(dist, `widgets/${widget}/${widget}.component.js`));

/** What a page with only `<kith-<widget>>` downloads in English before it shows anything: the loader, and the
 * class module the loader imports for the tag (it registers the tag itself) with every module it imports
 * statically (the core chunk; English strings are in the class module and the core). */
export function measurePage(widget: string): SizeRow {
  const loader = join(dist, 'kith.js');
  const component = join(dist, `widgets/${widget}/${widget}.component.js`);
  for (const f of [loader, component]) {
    if (!existsSync(f)) throw new Error(`${relative(process.cwd(), f)} is missing: run npm run build first`);
  }
  return row(`page with only <kith-${widget}>`, [loader, ...staticClosure(component)]);
}

export function measureSizes(): SizeRow[] {
  const loader = join(dist, 'kith.js');
  const core = coreChunk();
  if (!core) throw new Error('dist/chunks/core-*.js: expected exactly one core chunk');
  const ratingPage = measurePage('rating');
  // Loaded on demand, not with the page: the write path on the first vote, ky on the first request the
  // loader did not start (a vote, a signed-in visitor's own votes).
  const later = readdirSync(join(dist, 'chunks'))
    .filter((f) => /^(writes|ky)-.*\.js$/.test(f))
    .map((f) => join(dist, 'chunks', f));
  return [
    row('loader (dist/kith.js)', [loader]),
    row('core chunk', [core]),
    ratingPage,
    row('loaded on the first vote', later),
  ];
}

/** The rating page in each language: the English page plus that language's catalog chunks (the shared
 * strings' and the rating's, `chunks/<lang>-<hash>.js`), which is all a page in that language downloads
 * more (test/e2e/languages.test.ts checks the downloads). */
export function measureLanguagePages(languages: readonly string[]): Array<SizeRow & { catalogBytes: number }> {
  const english = measureSizes()[2]!;
  const chunks = readdirSync(join(dist, 'chunks'));
  return languages.map((language) => {
    const catalogs = language == 'en' ? [] : chunks.filter((f) => new RegExp(`^${language}-[\\w-]+\\.js$`).test(f)).map((f) => join(dist, 'chunks', f));
    if (language != 'en' && catalogs.length != 2) throw new Error(`dist/chunks/${language}-*.js: expected the shared and the rating catalog, found ${catalogs.length}`);
    const catalogBytes = catalogs.reduce((sum, f) => sum + gz(f), 0);
    return { name: language, files: [...english.files, ...catalogs.map((f) => relative(dist, f))], bytes: english.bytes + catalogBytes, catalogBytes };
  });
}

/** Shoelace's rating as its docs load it from a CDN: the component's entry and every chunk it imports
 * statically, each gzip -9 (the same method as Kith's page); the theme stylesheet apart. */
export function measureShoelace(): { rating: SizeRow; theme: SizeRow } {
  const entry = join(SHOELACE_DIR, SHOELACE_RATING);
  const files = staticClosure(entry);
  const row = (name: string, fs: string[]): SizeRow => ({
    name,
    files: fs.map((f) => relative(SHOELACE_DIR, f)),
    bytes: fs.reduce((sum, f) => sum + gz(f), 0),
  });
  return { rating: row(`Shoelace ${SHOELACE_VERSION} sl-rating`, files), theme: row('Shoelace light theme', [join(SHOELACE_DIR, SHOELACE_THEME)]) };
}

/** Shoelace's tooltip, the ID card's peer, loaded the same way (its entry and every chunk it imports statically). */
export function measureShoelaceTooltip(): SizeRow {
  const files = staticClosure(join(SHOELACE_DIR, SHOELACE_TOOLTIP));
  return { name: `Shoelace ${SHOELACE_VERSION} sl-tooltip`, files: files.map((f) => relative(SHOELACE_DIR, f)), bytes: files.reduce((sum, f) => sum + gz(f), 0) };
}

/** A comments peer as its docs load it in a browser: its dist bundle (one file that holds everything: Waline's
 * ES module dist/waline.js with Vue and marked inside, Artalk's UMD dist/Artalk.js with marked inside), gzip -9;
 * its stylesheet apart (not JavaScript). Files are package-relative. */
export function measurePackageFiles(name: string, dir: string, files: string[]): SizeRow {
  return { name, files, bytes: files.reduce((sum, f) => sum + gz(join(dir, f)), 0) };
}
