// Two builds: the script-tag loader (an IIFE sharing no code with the rest) and the ESM widgets, whose
// shared code (src/core, lit, ky, idb-keyval) goes into exactly one core chunk.
import { rmSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

// Lit keeps css`` text as written; squeeze the whitespace out of static ones (saves bytes on the wire).
const cssMin = () => ({
  name: 'kith-css-min',
  transform(code, id) {
    if (!/[\\/]src[\\/]/.test(id) || !/css\s*`/.test(code)) return null;
    return {
      code: code.replace(/css\s*`([^`$]*)`/g, (_, c) =>
        'css`' +
        c
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/([{};,>]) /g, '$1')
          .replace(/: /g, ':')
          .replace(/ ([{};,>])/g, '$1')
          .replace(/;}/g, '}')
          .trim() +
        '`',
      ),
      map: null,
    };
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
      manualChunks: (id) => (/node_modules|[\\/]src[\\/]core[\\/]/.test(id) ? 'core' : undefined),
      plugins: [min()],
    },
    plugins: [ts(true), cssMin(), resolve({ browser: true })],
  },
];
