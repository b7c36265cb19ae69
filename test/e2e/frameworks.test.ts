// End to end, the npm package where most developers will use it: `npm pack` of this repository installed into
// a React 19 app and a Vue 3 app (Vite, from test/e2e/apps/), type-checked against the declarations the package
// generates, built, and run in Chromium against the real server on another origin. Each app renders the
// kith-change and kith-saved events it hears, so the test sees what the app saw. React, Vue, Vite and the
// type checkers come from the npm registry (one install for both apps; npm's cache makes later runs quick).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { repoRoot, startKithServer, type KithServer } from './support/kith-server.ts';

const exec = promisify(execFile);
const APPS = { react: 'React 19', vue: 'Vue 3' } as const;
type App = keyof typeof APPS;
/** What a second copy of Lit would add again: each Lit package pushes its version onto one of these globals. */
const LIT_BANNERS = ['litElementVersions', 'litHtmlVersions', 'reactiveElementVersions'];

let dir: string;
let packed: { filename: string; files: { path: string }[] };
let kith: KithServer;
let host: HostPage;
let browser: Browser;

/** npm, as the one running this test when there is one (`npm run test:e2e`), else the one on PATH. */
const npm = (args: string[], cwd: string, timeout = 180_000) =>
  process.env.npm_execpath
    ? exec(process.execPath, [process.env.npm_execpath, ...args], { cwd, timeout, maxBuffer: 1 << 24 })
    : exec('npm', args, { cwd, timeout, maxBuffer: 1 << 24 });

/** Runs a tool installed in the temporary apps' node_modules (`vite/bin/vite.js`, …) in one app's folder. */
const tool = (app: App, bin: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  exec(process.execPath, [join(dir, 'node_modules', bin), ...args], { cwd: join(dir, app), env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 1 << 24 });

/** A failed command's own words (stdout and stderr), for the assertion message. */
const output = (error: unknown) => {
  const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
  return `${stdout}${stderr}`.trim() || message;
};

/** Installs both apps (npm workspaces: one node_modules, one copy of each package). A registry that does not
 * answer is said in one line at once (npm itself would retry for minutes); any other failure shows npm's words. */
async function install() {
  const registry = (await npm(['config', 'get', 'registry'], dir)).stdout.trim();
  const reachable = await fetch(new URL('vite', registry.endsWith('/') ? registry : `${registry}/`), { method: 'HEAD', signal: AbortSignal.timeout(10_000) }).then(
    (res) => res.status < 500,
    () => false,
  );
  if (!reachable) throw new Error(`the npm registry ${registry} cannot be reached: the framework tests install React, Vue and Vite from it`);
  try {
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  } catch (error) {
    throw new Error(`npm install of the framework apps failed in ${dir}:\n${output(error).split('\n').slice(-15).join('\n')}`);
  }
}

/** Every file under `root`, relative to it. */
const filesUnder = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

before(async () => {
  assert.ok(existsSync(join(repoRoot, 'dist/esm/index.js')), 'dist/esm/index.js is missing: run npm run build first');
  dir = mkdtempSync(join(tmpdir(), 'kith-frameworks-'));
  [packed] = JSON.parse((await npm(['pack', '--json', '--pack-destination', dir], repoRoot)).stdout);
  for (const app of Object.keys(APPS) as App[]) {
    // The template only: not a node_modules or dist/ left by someone trying the app by hand.
    cpSync(join(repoRoot, 'test/e2e/apps', app), join(dir, app), { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) });
    const manifest = join(dir, app, 'package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    pkg.dependencies['kith-elements'] = `file:../${packed.filename}`;
    writeFileSync(manifest, JSON.stringify(pkg, null, 2));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'kith-framework-apps', private: true, workspaces: Object.keys(APPS) }, null, 2));
  await install();

  kith = await startKithServer();
  host = await startHostPage(kith.url);
  for (const app of Object.keys(APPS)) await kith.cli('site', 'create', '--id', app, '--name', APPS[app as App], '--origin', host.origin, '--guests', 'rate');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kith-elements from npm in React and Vue apps', () => {
  test('the tarball ships the unbundled modules, the types and the script-tag build; no sources, server, tests or demo', () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'package.json',
      'LICENSE',
      'docs/languages.md',
      'custom-elements.json',
      'dist/esm/index.js',
      'dist/esm/widgets/rating/rating.js',
      'dist/esm/widgets/rating/rating.component.js',
      'dist/types/index.d.ts',
      'dist/types/react.d.ts',
      'dist/types/vue.d.ts',
      'dist/kith.js',
      'dist/widgets/rating/rating.component.js',
    ])
      assert.ok(files.includes(needed), `the tarball has ${needed}`);
    const unwanted = files.filter((f) => /^(src|server|test|demo|bench|scripts)\/|\.(br|gz|tsbuildinfo)$/.test(f));
    assert.deepEqual(unwanted, [], 'no sources, server, tests, demo or precompressed copies');

    // The npm modules import Lit, ky and idb-keyval by name (the app's copy) and contain none of them.
    const esm = join(dir, 'node_modules/kith-elements/dist/esm');
    const sources = filesUnder(esm).map((f) => readFileSync(join(esm, f), 'utf8'));
    assert.ok(sources.some((s) => /from 'lit'/.test(s)) && sources.some((s) => /from 'idb-keyval'/.test(s)) && sources.some((s) => /import\('ky'\)/.test(s)), 'lit, idb-keyval and ky are imports');
    for (const banner of LIT_BANNERS) assert.ok(!sources.some((s) => s.includes(banner)), `no bundled Lit (${banner}) in dist/esm`);
  });

  for (const [app, label] of Object.entries(APPS) as [App, string][]) {
    test(`${label}: the app type-checks with the package's generated declarations, which refuse wrong attributes, values and event details`, async () => {
      // Each app has a file of wrong uses marked as expected errors (type-errors.tsx, TypeErrors.vue): the check
      // fails if the declarations let one of them through, or if the real app does not type-check.
      const [bin, args] = app == 'react' ? ['typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']] : ['vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', 'tsconfig.json']];
      await tool(app, bin, args).catch((error) => assert.fail(`${bin.split('/')[0]} in the ${label} app:\n${output(error)}`));
    });

    test(`${label}: the built app holds one copy of Lit; a click on a star fires kith-change and kith-saved in the app and the server has the vote`, async () => {
      await tool(app, 'vite/bin/vite.js', ['build', '--logLevel', 'warn'], { VITE_KITH_API: kith.url, VITE_KITH_SITE: app }).catch((error) =>
        assert.fail(`vite build of the ${label} app:\n${output(error)}`),
      );
      const built = join(dir, app, 'dist');
      const scripts = filesUnder(built).filter((f) => f.endsWith('.js'));
      for (const banner of LIT_BANNERS) {
        const copies = scripts.reduce((n, f) => n + readFileSync(join(built, f), 'utf8').split(banner).length - 1, 0);
        assert.equal(copies, 1, `${banner} appears once in the ${label} app's bundle`);
      }
      for (const file of filesUnder(built)) host.set(`/${app}/${file.replace(/^index\.html$/, '')}`, readFileSync(join(built, file), 'utf8'), TYPES[extname(file)]);

      const context = await browser.newContext();
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('console', (m) => (m.type() == 'error' || m.type() == 'warning') && problems.push(m.text()));
      await page.goto(`${host.origin}/${app}/`);

      const rating = page.locator('kith-rating');
      await rating.locator('[part=count]').filter({ hasText: 'No ratings yet' }).waitFor();
      await rating.getByRole('radio', { name: '4 stars', exact: true }).click();
      const events = page.locator('#events li');
      await events.filter({ hasText: 'kith-saved' }).waitFor();
      assert.deepEqual(await events.allInnerTexts(), ['kith-change 4', 'kith-saved 4 (1 rating)'], 'the app heard both events, once each');
      await rating.locator('[part=message]').filter({ hasText: 'Your rating: 4 stars' }).waitFor();

      const res = await fetch(`${kith.url}/v1/sites/${app}/ratings?subject=product%2F42`);
      assert.deepEqual(((await res.json()) as { histogram: number[] }).histogram, [0, 0, 0, 1, 0], 'the server has the vote');

      const seen = await page.evaluate(() => {
        const element = document.querySelector('kith-rating') as HTMLElement & { subject: string };
        return { lit: (globalThis as { litElementVersions?: string[] }).litElementVersions?.length, subject: element.subject, attribute: element.getAttribute('subject') };
      });
      assert.equal(seen.lit, 1, 'one Lit registered itself on the page');
      // Both frameworks set `subject` as a property, since the element (defined before the first render) has one.
      assert.deepEqual({ subject: seen.subject, attribute: seen.attribute }, { subject: 'product/42', attribute: null });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
