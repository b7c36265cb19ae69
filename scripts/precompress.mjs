// Last step of `npm run build`: writes `<file>.br` (brotli, maximum quality) and `<file>.gz` (gzip -9)
// beside every .js file under dist/ (not dist/types), so the server sends the SDK compressed without
// compressing it on every request (@fastify/static `preCompressed`, server/src/routes/sdk.ts).
// Idempotent: it rewrites both files from the .js each time, gives them the .js file's mtime (so
// Last-Modified agrees across encodings), and deletes .br/.gz files whose .js is gone, so a removed chunk
// is never served from a stale sibling. Prints one summary line.
// Usage: node scripts/precompress.mjs [directory]   (default: dist/ of this repository)
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
/** Declarations are for editors and type checkers, and dist/esm/ is the npm package's unbundled modules,
 * which an app's bundler reads: neither is fetched by a browser from /dist/. */
const SKIPPED_DIRECTORIES = new Set(['types', 'esm']);

if (!existsSync(root)) {
  console.error(`precompress: ${root} does not exist (run rollup first)`);
  process.exit(1);
}

/** Every file under `dir`, as absolute paths, leaving out the skipped top-level directories. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === root && SKIPPED_DIRECTORIES.has(entry.name) ? [] : filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

const files = filesUnder(root);
const scripts = files.filter((path) => path.endsWith('.js'));
const sizes = { js: 0, br: 0, gz: 0 };

for (const path of scripts) {
  const source = readFileSync(path);
  const { atimeMs, mtimeMs } = statSync(path);
  const br = brotliCompressSync(source, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  });
  const gz = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
  for (const [suffix, bytes] of [['.br', br], ['.gz', gz]]) {
    writeFileSync(path + suffix, bytes);
    utimesSync(path + suffix, atimeMs / 1000, mtimeMs / 1000);
  }
  sizes.js += source.length;
  sizes.br += br.length;
  sizes.gz += gz.length;
}

const orphans = files.filter((path) => /\.js\.(?:br|gz)$/.test(path) && !existsSync(path.replace(/\.(?:br|gz)$/, '')));
for (const path of orphans) rmSync(path);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const removed = orphans.length > 0 ? `; removed ${orphans.length} stale` : '';
console.log(
  `precompress: ${scripts.length} .js files in ${relative(process.cwd(), root) || '.'}, ${kb(sizes.js)} -> br ${kb(sizes.br)}, gzip ${kb(sizes.gz)}${removed}`,
);
