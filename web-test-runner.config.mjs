// Browser tests in the machine's Chromium (see ../shared/TOOLCHAIN.md): TypeScript through esbuild,
// msw's service worker served at /mockServiceWorker.js.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from './test/chromium.mjs';

const require = createRequire(import.meta.url);
const worker = require.resolve('msw/mockServiceWorker.js');

// `emulate-media-features`: forced colors and color scheme through the DevTools protocol (the stock
// emulateMedia command ignores forced-colors on the Chrome launcher). One session per page keeps them on.
const sessions = new WeakMap();
const emulateMediaFeatures = {
  name: 'kith-emulate-media-features',
  async executeCommand({ command, payload, session }) {
    if (command !== 'emulate-media-features') return undefined;
    const page = session.browser.getPage(session.id);
    if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
    await sessions.get(page).send('Emulation.setEmulatedMedia', { features: payload.features });
    return true;
  },
};

export default {
  files: 'test/{core,widgets}/**/*.test.ts',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), emulateMediaFeatures],
  // One test file at a time: msw reloads a page that starts while another page's registration of its service
  // worker is still on its way (msw's getWorkerInstance), which WTR reports as "the page was reloaded".
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
      // The page runs one test file after another, and Chromium's in-memory cache (one per renderer process) could
      // hand a page a module an earlier file's page had loaded, without a request: msw, a service worker, never saw
      // it, and a test that fails a chunk through msw got the chunk (feed-offline-chunk.test.ts, 2 full runs of 5
      // on 2026-12-02: resource timing showed the chunk from the cache, with no workerStart). With the cache off
      // (as DevTools' "Disable cache" does), every request is made, and goes through msw.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        await page.setCacheEnabled(false);
        return page;
      },
    }),
  ],
  middleware: [
    async (ctx, next) => {
      if (ctx.path !== '/mockServiceWorker.js') return next();
      ctx.type = 'application/javascript';
      ctx.body = await readFile(worker, 'utf8');
    },
  ],
};
