// scripts/precompress.mjs (the last step of `npm run build`), run on a throwaway folder shaped like dist/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const SCRIPT = join(import.meta.dirname, '../../../scripts/precompress.mjs');
const dir = mkdtempSync(join(tmpdir(), 'kith-precompress-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
const put = (path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

describe('scripts/precompress.mjs', () => {
  const loader = `export const widgets = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `kith-widget-${i % 7}`))};\n`;
  put('kith.js', loader);
  put('chunks/core-abc123.js', 'export function f(){return "core"}\n'.repeat(50));
  put('types/index.d.ts', 'export {};\n');
  put('types/helper.js', 'export {};\n');
  put('widgets/types/deep.js', 'export const deep = 1;\n'.repeat(20));
  put('styles.css', 'a{color:red}\n');
  put('removed-abc.js.br', 'stale');
  put('removed-abc.js.gz', 'stale');

  it('writes max-quality .br and gzip -9 .gz beside every .js file except under dist/types, and says so in one line', () => {
    const res = run(dir);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stderr, '');
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 1, res.stdout);
    assert.match(lines[0]!, /^precompress: 3 \.js files in .+, [\d.]+ KB -> br [\d.]+ KB, gzip [\d.]+ KB; removed 2 stale$/);
    for (const path of ['kith.js', 'chunks/core-abc123.js', 'widgets/types/deep.js']) {
      const source = readFileSync(join(dir, path));
      const br = readFileSync(join(dir, `${path}.br`));
      const gz = readFileSync(join(dir, `${path}.gz`));
      assert.deepEqual(brotliDecompressSync(br), source, path);
      assert.deepEqual(gunzipSync(gz), source, path);
      const best = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } });
      assert.deepEqual(br, best, `${path}: brotli quality 11`);
      assert.deepEqual(gz, gzipSync(source, { level: 9 }), `${path}: gzip -9`);
      assert.ok(br.length < source.length, path);
      // The same Last-Modified whichever encoding is sent.
      assert.ok(Math.abs(statSync(join(dir, `${path}.br`)).mtimeMs - statSync(join(dir, path)).mtimeMs) < 1, path);
    }
    for (const path of ['types/helper.js.br', 'types/index.d.ts.br', 'styles.css.br', 'styles.css.gz', 'removed-abc.js.br', 'removed-abc.js.gz']) {
      assert.equal(existsSync(join(dir, path)), false, path);
    }
  });

  it('is idempotent: a second run writes the same bytes and never compresses its own output', () => {
    const before = readFileSync(join(dir, 'kith.js.br'));
    const res = run(dir);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^precompress: 3 \.js files in .+gzip [\d.]+ KB\n$/);
    assert.deepEqual(readFileSync(join(dir, 'kith.js.br')), before);
    assert.equal(existsSync(join(dir, 'kith.js.br.br')), false);
    assert.equal(existsSync(join(dir, 'kith.js.gz.gz')), false);
  });

  it('exits 1 with one line when the folder does not exist', () => {
    const res = run(join(dir, 'missing'));
    assert.equal(res.status, 1);
    assert.match(res.stderr, /^precompress: .*missing does not exist/);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  });
});
