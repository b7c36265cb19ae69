// A stand-in for the customer's CRM or shop: a plain HTTP server on its own origin that serves HTML pages
// with the Kith script tag, under a strict Content-Security-Policy, as an admin would paste it.
import { createServer, type Server } from 'node:http';
import { freePort } from '../../../server/test/process.ts';

export interface HostPage {
  origin: string;
  /** Serves `body` (HTML unless `type` says otherwise) at `path` from now on. */
  set(path: string, body: string, type?: string): void;
  stop(): Promise<void>;
}

export async function startHostPage(kithOrigin: string): Promise<HostPage> {
  const pages = new Map<string, { body: string; type: string }>();
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': page.type,
      // What a security-conscious CRM sends: no inline script, scripts only from itself and Kith.
      'content-security-policy': [
        `default-src 'self'`,
        `script-src 'self' ${kithOrigin}`,
        `connect-src 'self' ${kithOrigin}`,
        `style-src 'self'`,
        `img-src 'self' data:`,
        `require-trusted-types-for 'script'`,
      ].join('; '),
    });
    res.end(page.body);
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, body, type = 'text/html; charset=utf-8') => pages.set(path, { body, type }),
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
