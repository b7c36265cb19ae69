// Serves the built browser SDK (dist/) at /dist/, so the script tag an admin pastes can point at this
// server. Widget chunks are ES modules fetched with import() from the customer's page, which browsers do
// in CORS mode: every file gets `Access-Control-Allow-Origin: *` (they are public and carry no cookies).
// `npm run build` writes `<file>.br` and `<file>.gz` beside every .js file (scripts/precompress.mjs); a
// request for kith.js with `Accept-Encoding: br` gets the .br bytes with `Content-Encoding: br`, and every
// answer says `Vary: Accept-Encoding` (@fastify/static adds it to files, the compression plugin to the rest).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SDK_DIR = `${REPO_ROOT}dist`;

/** The precompressed siblings are how a file is sent, not files of their own: asked for directly they would
 * arrive as opaque bytes without Content-Encoding, which no browser can run. They answer 404. */
const PRECOMPRESSED_SIBLING = /\.(?:br|gz)$/i;

export default async function sdkRoutes(app: FastifyInstance) {
  if (!existsSync(SDK_DIR)) {
    app.get('/dist/*', { schema: { hide: true } }, async () => {
      throw errors.notFound('dist/ does not exist; run npm run build');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: SDK_DIR,
    prefix: '/dist/',
    decorateReply: false,
    index: false,
    preCompressed: true,
    allowedPath: (pathname) => !PRECOMPRESSED_SIBLING.test(pathname),
    setHeaders(reply, path) {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
      // Chunk names carry a content hash; the loader and define modules keep stable names.
      reply.header('cache-control', path.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });
}
