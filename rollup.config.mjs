// Three builds. The first two are what the script tag loads (served at /dist/, self-contained): the ESM
// widgets, whose shared code (src/core, lit, idb-keyval) goes into one core chunk, and then the script-tag
// loader (an IIFE sharing no code with the rest). The third is what npm users import (dist/esm/): one module
// per source file, lit, ky and idb-keyval left as imports, so an app that uses Lit itself has one copy of it
// and its bundler does the chunking.
import { rmSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyHTMLLiterals } from 'minify-literals';

// Lit keeps html`` and css`` text as written, indentation and all: minify both (html-minifier-next and
// lightningcss through minify-literals) before terser. Bytes on the wire count against the size budget.
const minifyLiterals = () => ({
  name: 'kith-minify-literals',
  async transform(code, id) {
    if (!/[\\/]src[\\/]/.test(id) || !/(html|css)\s*`/.test(code)) return null;
    return (await minifyHTMLLiterals(code, { fileName: id })) ?? null;
  },
});

// Start from an empty dist/: stale hashed chunks from earlier builds must not be shipped or measured.
if (!process.env.ROLLUP_WATCH) rmSync('dist', { recursive: true, force: true });

// inline: 1 inlines only functions that return a value straight away: inlining bigger single-use functions
// (terser's default) made every page's gzip larger (the tag cloud's by 27 bytes, the comments' by 38).
// KITH_UNMINIFIED=1 leaves terser out (rollup ignores a falsy plugin): for reading CPU profiles
// (bench/render-profile.ts), never for shipping.
const min = () =>
  !process.env.KITH_UNMINIFIED &&
  terser({ ecma: 2022, module: true, compress: { passes: 3, pure_getters: true, unsafe: true, inline: 1 }, format: { comments: false } });
const ts = (types, outDir = 'dist') =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: types
      ? { declaration: true, declarationDir: 'dist/types', rootDir: 'src', outDir, types: [] }
      : { declaration: false, outDir, rootDir: 'src', types: [] },
  });

// The loader imports the core chunk together with a widget's class (no waterfall through the class's own
// import), so it needs the core chunk's hashed name: the ESM build (first) notes it, the loader build
// (second) writes it in place of '__KITH_CORE_CHUNK__'.
const built = { core: '' };
const noteCoreChunk = () => ({
  name: 'kith-note-core-chunk',
  generateBundle(_options, bundle) {
    built.core = Object.values(bundle).find((file) => file.type == 'chunk' && file.name == 'core').fileName;
  },
});
const writeCoreChunk = () => ({
  name: 'kith-write-core-chunk',
  // The loader's check that a name was written (for builds of it that have none) is then known true, and goes.
  transform: (code, id) => (id.endsWith('kith.ts') ? code.replace('__KITH_CORE_CHUNK__', built.core).replace("CORE_CHUNK.endsWith('.js')", String(built.core.endsWith('.js'))) : null),
});

/** The modules npm users import, and the script tag's widget modules: the index, and per widget its define
 * module and its class module. */
const entries = {
  index: 'src/index.ts',
  'widgets/rating/rating': 'src/widgets/rating/rating.ts',
  'widgets/rating/rating.component': 'src/widgets/rating/rating.component.ts',
  'widgets/comments/comments': 'src/widgets/comments/comments.ts',
  'widgets/comments/comments.component': 'src/widgets/comments/comments.component.ts',
  'widgets/tag-cloud/tag-cloud': 'src/widgets/tag-cloud/tag-cloud.ts',
  'widgets/tag-cloud/tag-cloud.component': 'src/widgets/tag-cloud/tag-cloud.component.ts',
  'widgets/id-card/id-card': 'src/widgets/id-card/id-card.ts',
  'widgets/id-card/id-card.component': 'src/widgets/id-card/id-card.component.ts',
  'widgets/feed/feed': 'src/widgets/feed/feed.ts',
  'widgets/feed/feed.component': 'src/widgets/feed/feed.component.ts',
};

export default [
  {
    input: entries,
    // A lazy chunk may import from its widget's class module (tag-cloud.writes.ts from tag-cloud.data.ts): the
    // class module then exports a little more, rather than turning into a facade over a chunk (a file more on
    // first paint).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // Chunks a page loads only when it needs them: the write path (core/outbox.ts, core/visitors.ts and the
      // guests' proof of work, core/proof-of-work.ts) on the first write; ky on the first request the loader
      // did not start (core/prefetch.ts).
      // The live stream (core/live.ts, with the names it shares with the server, core/live-protocol.ts): widgets
      // import it without waiting for it, so first paint never does.
      // Language catalogs other than English (src/**/i18n/xx.ts) stay in chunks of their own, loaded per language.
      // The comments' catalogs are named comments-<lang>, comments-moderation-<lang> and comments-own-writes-<lang>, the tag cloud's
      // tag-cloud-<lang> and tag-cloud-messages-<lang>, the feed's feed-<lang>, feed-messages-<lang> and
      // feed-activity-<lang> (a rating page's language chunks stay <lang>-*).
      // Core modules only the comments and the feed use stay out of the core chunk: rich-text.ts,
      // relative-time.ts, feed-document.ts, feed-key.ts, and Lit's directives (repeat), which the
      // rating does not use.
      manualChunks: (id) =>
        /[\\/]widgets[\\/]comments[\\/]((moderation|own-writes)[\\/])?i18n[\\/](?!en\.ts$)[^\\/]+\.ts$/.test(id)
          ? 'comments-' + (id.match(/[\\/](moderation|own-writes)[\\/]/)?.[1] ?? '').replace(/.$/, '$&-') + id.match(/([a-z]+)\.ts$/)[1]
          : /[\\/]widgets[\\/]tag-cloud[\\/](messages[\\/])?i18n[\\/](?!en\.ts$)[^\\/]+\.ts$/.test(id)
          ? 'tag-cloud-' + (id.includes('messages') ? 'messages-' : '') + id.match(/([a-z]+)\.ts$/)[1]
          : /[\\/]widgets[\\/]id-card[\\/]i18n[\\/](?!en\.ts$)[^\\/]+\.ts$/.test(id)
          ? 'id-card-' + id.match(/([a-z]+)\.ts$/)[1]
          : /[\\/]widgets[\\/]feed[\\/]((messages|activity)[\\/])?i18n[\\/](?!en\.ts$)[^\\/]+\.ts$/.test(id)
          ? 'feed-' + (id.match(/[\\/](messages|activity)[\\/]/)?.[1] ?? '').replace(/.$/, '$&-') + id.match(/([a-z]+)\.ts$/)[1]
          : /[\\/]i18n[\\/](?!en\.ts$)[^\\/]+\.ts$/.test(id) ||
              /[\\/]src[\\/]core[\\/](rich-text|relative-time|hover-intent|feed-document|feed-key)\.ts$/.test(id) ||
              /[\\/]node_modules[\\/](lit[\\/]directives|lit-html[\\/](directives[\\/]|directive(-helpers)?\.js))/.test(id)
          ? undefined
          : /[\\/]src[\\/]core[\\/]live(-protocol)?\.ts$/.test(id)
          ? 'live'
          : /[\\/]src[\\/]core[\\/]placement\.ts$|[\\/]node_modules[\\/]@floating-ui[\\/]/.test(id)
          ? 'placement'
          : /[\\/]src[\\/]core[\\/](outbox|visitors|proof-of-work)\.ts$/.test(id)
          ? 'writes'
          : /[\\/]node_modules[\\/]ky[\\/]/.test(id)
            ? 'ky'
            : /node_modules|[\\/]src[\\/]core[\\/]/.test(id)
              ? 'core'
              : undefined,
      plugins: [min()],
    },
    plugins: [ts(true), minifyLiterals(), resolve({ browser: true }), noteCoreChunk()],
  },
  {
    input: 'src/loader/kith.ts',
    output: { file: 'dist/kith.js', format: 'iife', plugins: [min()] },
    plugins: [ts(false), writeCoreChunk(), resolve({ browser: true })],
  },
  {
    // The npm build: the same entry points, unbundled and unminified (the app's bundler minifies), except the
    // html and css literals, whose text an app's minifier leaves as it is. Language catalogs (src/**/i18n/xx.ts,
    // imported dynamically) stay modules of their own like every other file.
    input: entries,
    external: (id) => /^(?:lit|lit-html|lit-element|@lit\/[^/]+|@floating-ui\/dom|ky|idb-keyval)(?:\/.*)?$/.test(id),
    output: { dir: 'dist/esm', format: 'es', preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    plugins: [ts(false, 'dist/esm'), minifyLiterals()],
  },
];
