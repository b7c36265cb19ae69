// Two builds: the script-tag loader (an IIFE sharing no code with the rest) and the ESM widgets, whose
// shared code (src/core, lit, ky, idb-keyval) goes into exactly one core chunk.
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

const min = () =>
  terser({ ecma: 2022, module: true, compress: { passes: 3, pure_getters: true, unsafe: true }, format: { comments: false } });
const ts = (types) =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: types
      ? { declaration: true, declarationDir: 'dist/types', rootDir: 'src', outDir: 'dist', types: [] }
      : { declaration: false, outDir: 'dist', rootDir: 'src', types: [] },
  });

export default [
  {
    input: 'src/loader/kith.ts',
    output: { file: 'dist/kith.js', format: 'iife', plugins: [min()] },
    plugins: [ts(false), resolve({ browser: true })],
  },
  {
    input: {
      index: 'src/index.ts',
      'widgets/rating/rating': 'src/widgets/rating/rating.ts',
      'widgets/rating/rating.component': 'src/widgets/rating/rating.component.ts',
    },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // The write path (core/outbox.ts, core/visitors.ts) is a chunk of its own, imported on the first write.
      manualChunks: (id) =>
        /[\\/]src[\\/]core[\\/](outbox|visitors)\.ts$/.test(id) ? 'writes' : /node_modules|[\\/]src[\\/]core[\\/]/.test(id) ? 'core' : undefined,
      plugins: [min()],
    },
    plugins: [ts(true), minifyLiterals(), resolve({ browser: true })],
  },
];
