// A stand-in for jsDelivr serving Shoelace (and, for the comments bench, Waline's and Artalk's packages): a
// static server on its own origin over node_modules/<package>, at the path jsDelivr uses (/npm/<name>@<version>/…),
// with what a CDN sends for a versioned npm file: brotli or gzip when the browser asks for it, CORS for module
// scripts, a one-year immutable Cache-Control and an ETag. Compressed bodies are made once (brotli 11, gzip 9)
// and kept in memory, like a CDN's edge cache; the files a rating page needs are compressed before the first
// request, so no measured request waits for the compressor.
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SHOELACE_DIR, SHOELACE_THEME, SHOELACE_VERSION } from '../shoelace.ts';
import { staticClosure } from '../sizes.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Entry {
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

export interface ShoelaceCdn {
  origin: string;
  /** Base URL of the package, like https://cdn.jsdelivr.net/npm/@shoelace-style/shoelace@2.20.1 */
  base: string;
  stop(): Promise<void>;
}

/** Starts the server; `prewarm` are package-relative paths (cdn/themes/light.css, …) to compress at once. */
export async function startShoelaceCdn(prewarm: string[] = []): Promise<ShoelaceCdn> {
  const cdn = await startPackageCdn([{ dir: SHOELACE_DIR, name: '@shoelace-style/shoelace', version: SHOELACE_VERSION, prewarm }]);
  return { origin: cdn.origin, base: cdn.bases[0]!, stop: cdn.stop };
}

/** Starts the server for a render page whose Shoelace element is `entry` (package-relative): the entry's static
 * imports and the light theme are compressed at once. */
export const startShoelaceCdnFor = (entry: string): Promise<ShoelaceCdn> =>
  startShoelaceCdn([...staticClosure(join(SHOELACE_DIR, entry)), join(SHOELACE_DIR, SHOELACE_THEME)].map((file) => relative(SHOELACE_DIR, file)));

export interface Package {
  /** The installed package's directory (real path). */
  dir: string;
  name: string;
  version: string;
  /** Package-relative paths to compress before the first request. */
  prewarm?: string[];
}

export interface PackageCdn {
  origin: string;
  /** Each package's base URL, in the order given. */
  bases: string[];
  stop(): Promise<void>;
}

/** The same server for any installed npm packages. */
export async function startPackageCdn(packages: Package[]): Promise<PackageCdn> {
  const prefixes = packages.map((p) => ({ prefix: `/npm/${p.name}@${p.version}/`, dir: p.dir }));
  const entries = new Map<string, Entry>();
  const entry = (file: string): Entry => {
    let e = entries.get(file);
    if (!e) {
      const identity = readFileSync(file);
      e = {
        type: TYPES[extname(file)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
        identity,
        br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
        gzip: gzipSync(identity, { level: 9 }),
      };
      entries.set(file, e);
    }
    return e;
  };
  for (const p of packages) for (const path of p.prewarm ?? []) entry(join(p.dir, path));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = prefixes.find((x) => url.pathname.startsWith(x.prefix));
    const file = p ? resolve(p.dir, decodeURIComponent(url.pathname.slice(p.prefix.length))) : '';
    if (!p || !file.startsWith(p.dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end('not found');
      return;
    }
    const e = entry(file);
    const headers: Record<string, string> = {
      'content-type': e.type,
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'public, max-age=31536000, s-maxage=31536000, immutable',
      etag: e.etag,
      vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === e.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    const body = encoding ? e[encoding] : e.identity;
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  // Keep connections open as long as the Kith server (Fastify's default), so neither side pays more handshakes.
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    bases: prefixes.map((p) => origin + p.prefix.slice(0, -1)),
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
