// Signs Kith user tokens the way the host's own server does (docs/admin.md, section 3). Needs `jose`
// (npm install jose); in this repository it resolves from the root node_modules.
//
//   KITH_SITE_SECRET=… node docs/snippets/token-node.mjs <site> <user-id> [name]    prints a token
//   KITH_SITE_SECRET=… node docs/snippets/token-node.mjs serve <site> <user-id> [name]
//       serves GET /kith-token on PORT (default 8081); the cookie session=demo stands in for a signed-in
//       session of <user-id>, anything else is signed out.
// The site, user id and name may also come from KITH_SITE, KITH_USER_ID and KITH_USER_NAME.
// The regions between [token] and [endpoint] markers are shown verbatim in docs/admin.md (a test checks).
import { createServer } from 'node:http';

// [token]
import { SignJWT } from 'jose';

if (!process.env.KITH_SITE_SECRET) throw new Error('KITH_SITE_SECRET is not set');
const secret = new TextEncoder().encode(process.env.KITH_SITE_SECRET);

/** A Kith token for the signed-in user ({ id, name }), valid for 10 minutes. */
export function kithToken(site, user) {
  return new SignJWT({ name: user.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(user.id))
    .setAudience(site)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(secret);
}
// [/token]

// [endpoint]
/**
 * The handler of GET /kith-token, for node:http or Express (`app.get('/kith-token', kithTokenEndpoint(…))`).
 * `currentUser(req)` is your own session lookup: the signed-in user ({ id, name }), or null.
 */
export function kithTokenEndpoint(site, currentUser) {
  return async (req, res) => {
    const user = await currentUser(req);
    if (!user) return void res.writeHead(401, { 'cache-control': 'no-store' }).end();
    const token = await kithToken(site, user);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(token);
  };
}
// [/endpoint]

const args = process.argv.slice(2);
const serve = args[0] === 'serve';
if (serve) args.shift();
const [site = process.env.KITH_SITE, id = process.env.KITH_USER_ID, name = process.env.KITH_USER_NAME] = args;
if (!site || !id) {
  console.error('usage: KITH_SITE_SECRET=… node token-node.mjs [serve] <site> <user-id> [name]');
  process.exit(2);
}
const user = { id, name };
if (!serve) {
  console.log(await kithToken(site, user));
} else {
  const currentUser = (req) => (/(?:^|;\s*)session=demo(?:;|$)/.test(req.headers.cookie ?? '') ? user : null);
  const endpoint = kithTokenEndpoint(site, currentUser);
  const server = createServer((req, res) => (req.method === 'GET' && req.url === '/kith-token' ? endpoint(req, res) : res.writeHead(404).end()));
  server.listen(Number(process.env.PORT ?? 8081), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
}
