// The customer's page for the render bench: like test/e2e/support/host-page.ts (a plain HTTP server on its
// own origin, the same strict Content-Security-Policy), except that each page says which origins its
// scripts, styles and connections may come from, so the Shoelace page can allow the Shoelace CDN without
// loosening the Kith page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Per-page additions to the base policy. */
export interface PagePolicy {
  scripts?: string[];
  styles?: string[];
  connect?: string[];
  images?: string[];
  /** `require-trusted-types-for 'script'` (the test host page's default). */
  trustedTypes?: boolean;
}

export function csp(p: PagePolicy): string {
  const list = (xs: string[] = []) => ["'self'", ...xs].join(' ');
  return [
    `default-src 'self'`,
    `script-src ${list(p.scripts)}`,
    `connect-src ${list(p.connect)}`,
    `style-src ${list(p.styles)}`,
    `img-src ${list([...(p.images ?? []), 'data:'])}`,
    ...(p.trustedTypes === false ? [] : [`require-trusted-types-for 'script'`]),
  ].join('; ');
}

export interface HostPage {
  origin: string;
  /** Serves `html` at `path` from now on, under the base policy plus `policy` (`type`: another content type,
   * e.g. a page's own script). */
  set(path: string, html: string, policy: PagePolicy, type?: string): void;
  stop(): Promise<void>;
}

export async function startHostPage(): Promise<HostPage> {
  const pages = new Map<string, { html: string; policy: string; type: string }>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    // No Cache-Control, like the test host page: a reload revalidates the document anyway.
    res.writeHead(200, { 'content-type': page.type, 'content-security-policy': page.policy });
    res.end(page.html);
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (path, html, policy, type = 'text/html; charset=utf-8') => pages.set(path, { html, policy: csp(policy), type }),
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
