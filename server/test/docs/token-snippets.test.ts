// The token snippets of docs/admin.md (docs/snippets/): in Node, Python and Java each one signs tokens this
// server accepts, serves them from a /kith-token endpoint to the signed-in session only, and is shown in the
// docs exactly as it is in its file. Python and Java suites skip, saying what to install, where those are missing.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { REPO_ROOT } from '../../src/routes/sdk.ts';
import { authenticate } from '../../src/services/identity.ts';
import { bearer, json, legs, useApp, type TestApp } from '../helpers.ts';
import { freePort, whenListening } from '../process.ts';

const SNIPPETS = join(REPO_ROOT, 'docs/snippets');
const ADMIN_MD = join(REPO_ROOT, 'docs/admin.md');

interface Snippet {
  language: string;
  file: string;
  fence: string;
  comment: string;
  command: string;
  /** Why this machine cannot run it (what to install), or undefined. */
  missing(): string | undefined;
}

function pythonMissing(): string | undefined {
  const res = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
  if (res.error) return 'python3 not found: install the python3 package (Python 3.10 or newer)';
  if (res.stdout.trim() !== 'True') return 'python3 is older than 3.10: install the python3 package, 3.10 or newer';
  return undefined;
}

function javaMissing(): string | undefined {
  const res = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  if (res.error) return 'java not found: install a JDK 17 or newer (Debian: openjdk-17-jdk-headless)';
  const major = Number(/^java\.base@(\d+)/m.exec(res.stdout)?.[1] ?? 0);
  if (major < 17) return `java ${major || '(unknown version)'} is older than 17: install openjdk-17-jdk-headless or newer`;
  // Launching a source file needs the compiler module, which a JRE lacks.
  if (!/^jdk\.compiler@/m.test(res.stdout)) return 'java has no jdk.compiler (a JRE): install a JDK, e.g. openjdk-17-jdk-headless';
  return undefined;
}

const SNIPPET_LIST: Snippet[] = [
  // jose resolves from the repository's root node_modules (a root devDependency, and the server's), so the
  // snippet runs as it is, with no NODE_PATH.
  { language: 'Node', file: 'token-node.mjs', fence: 'js', comment: '//', command: process.execPath, missing: () => undefined },
  { language: 'Python', file: 'token.py', fence: 'python', comment: '#', command: 'python3', missing: pythonMissing },
  { language: 'Java', file: 'Token.java', fence: 'java', comment: '//', command: 'java', missing: javaMissing },
];

/** The text between `<comment> [name]` and `<comment> [/name]` lines; several such pieces join with a blank line. */
function region(source: string, comment: string, name: string): string {
  const pieces: string[] = [];
  let piece: string[] | null = null;
  for (const line of source.split('\n')) {
    if (line === `${comment} [${name}]`) {
      assert.equal(piece, null, `nested [${name}]`);
      piece = [];
    } else if (line === `${comment} [/${name}]`) {
      assert.ok(piece, `[/${name}] without [${name}]`);
      pieces.push(piece.map((l) => `${l}\n`).join(''));
      piece = null;
    } else piece?.push(line);
  }
  assert.equal(piece, null, `[${name}] is not closed`);
  assert.ok(pieces.length > 0, `no [${name}] region`);
  return pieces.join('\n');
}

// Reproducible output whatever the locale (Java 17 decodes arguments by it).
const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, LC_ALL: 'C.UTF-8', ...env });

const execFileAsync = promisify(execFile);

async function sign(snippet: Snippet, secret: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(snippet.command, [join(SNIPPETS, snippet.file), ...args], {
    env: childEnv({ KITH_SITE_SECRET: secret }),
    timeout: 60_000,
  });
  const token = stdout.trim();
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, `${snippet.language} printed ${JSON.stringify(stdout)}`);
  return token;
}

/** Starts the snippet's /kith-token endpoint; the cookie session=demo is the signed-in user given in env. */
async function serveEndpoint(snippet: Snippet, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(snippet.command, [join(SNIPPETS, snippet.file), 'serve'], {
    env: childEnv({ ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await whenListening(child, `${snippet.file} serve`, 60_000);
  return { url: `http://127.0.0.1:${port}/kith-token`, child };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  return exited;
}

/** Who the server takes the token's bearer for (the same code the auth plugin runs). */
async function userOf(t: TestApp, token: string) {
  const principal = await authenticate(t.store.db, t.alpha, token);
  assert.equal(principal.kind, 'user');
  return principal as Extract<typeof principal, { kind: 'user' }>;
}

/** Votes as the token's user and reads the vote back as that user: both must succeed. */
async function voteAndReadBack(t: TestApp, token: string, subject: string, value: number) {
  const url = `/v1/sites/alpha/ratings/mine?subject=${encodeURIComponent(subject)}`;
  const put = await t.inject({ method: 'PUT', url, headers: { ...json, ...bearer(token) }, payload: JSON.stringify({ value }) });
  assert.equal(put.statusCode, 200, put.body);
  const mine = await t.inject({ url, headers: bearer(token) });
  assert.equal(mine.statusCode, 200, mine.body);
  assert.equal(mine.json().value, value);
}

const NAME = 'Zoë "Zed" Ñúñez';

describe('token snippets shown in docs/admin.md', () => {
  const admin = readFileSync(ADMIN_MD, 'utf8');
  for (const snippet of SNIPPET_LIST) {
    it(`${snippet.language}: the [token] and [endpoint] regions of ${snippet.file} are in admin.md verbatim`, () => {
      const source = readFileSync(join(SNIPPETS, snippet.file), 'utf8');
      for (const name of ['token', 'endpoint']) {
        const block = `\`\`\`${snippet.fence}\n${region(source, snippet.comment, name)}\`\`\`\n`;
        assert.ok(admin.includes(block), `docs/admin.md lacks this block (copy it from docs/snippets/${snippet.file}):\n${block}`);
      }
    });
  }
});

for (const snippet of SNIPPET_LIST) {
  const missing = snippet.missing();
  describe(`${snippet.language} token snippet (${snippet.file})`, { skip: missing }, () => {
    it('refuses to sign without KITH_SITE_SECRET', () => {
      const env = childEnv({});
      delete env.KITH_SITE_SECRET;
      const res = spawnSync(snippet.command, [join(SNIPPETS, snippet.file), 'alpha', 'u'], { env, encoding: 'utf8', timeout: 60_000 });
      assert.notEqual(res.status, 0);
      assert.equal(res.stdout, '');
      assert.match(res.stderr, /KITH_SITE_SECRET/);
    });

    for (const leg of legs()) {
      describe(leg.name, () => {
        const t = useApp(leg);
        const children: ChildProcess[] = [];
        after(() => Promise.all(children.map(stop)));
        const userId = `${snippet.file}-${leg.name}`;

        it("signs a short-lived token for the site that the server accepts as that user, with the user's name", async () => {
          const token = await sign(snippet, t.alpha.secret, ['alpha', userId, NAME]);
          const claims = decodeJwt(token);
          assert.equal(claims.aud, 'alpha');
          assert.equal(claims.sub, userId);
          assert.equal(claims.exp! - claims.iat!, 600);
          assert.ok(Math.abs(claims.iat! - Date.now() / 1000) < 60);
          assert.deepEqual(await userOf(t, token), { kind: 'user', id: `user:${userId}`, siteId: 'alpha', name: NAME, avatar: undefined, email: undefined });
          await voteAndReadBack(t, token, `snippet/${snippet.file}`, 4);
          // Another user does not see that vote: the vote is this sub's.
          const other = await t.user(t.alpha, `${userId}-other`);
          const otherVote = await t.inject({ url: `/v1/sites/alpha/ratings/mine?subject=snippet/${snippet.file}`, headers: bearer(other) });
          assert.equal(otherVote.json().value, null);
        });

        it('signs with a wrong secret or for another site: the server refuses it with 401', async () => {
          const url = `/v1/sites/alpha/ratings/mine?subject=snippet/refused`;
          for (const [secret, site] of [['not-the-site-secret', 'alpha'], [t.alpha.secret, 'beta']] as const) {
            const token = await sign(snippet, secret, [site, userId]);
            const put = await t.inject({ method: 'PUT', url, headers: { ...json, ...bearer(token) }, payload: '{"value":5}' });
            assert.equal(put.statusCode, 401, `${site}: ${put.body}`);
            assert.equal(put.json().error.code, 'unauthorized');
          }
          assert.equal((await t.inject({ url: '/v1/sites/alpha/ratings?subject=snippet/refused' })).json().count, 0);
        });

        it('serves /kith-token to the signed-in session only, uncached, with the site, user and name from env', async () => {
          const { url, child } = await serveEndpoint(snippet, {
            KITH_SITE_SECRET: t.alpha.secret,
            KITH_SITE: 'alpha',
            KITH_USER_ID: `${userId}-endpoint`,
            KITH_USER_NAME: NAME,
          });
          children.push(child);
          const signedOut = await fetch(url, { headers: { cookie: 'session=someone-else' } });
          assert.equal(signedOut.status, 401);
          assert.equal(await signedOut.text(), '');
          assert.equal(signedOut.headers.get('cache-control'), 'no-store');
          const signedIn = await fetch(url, { headers: { cookie: 'theme=dark; session=demo' } });
          assert.equal(signedIn.status, 200);
          assert.equal(signedIn.headers.get('cache-control'), 'no-store');
          assert.match(String(signedIn.headers.get('content-type')), /^text\/plain/);
          const token = await signedIn.text();
          assert.equal((await userOf(t, token)).name, NAME);
          await voteAndReadBack(t, token, `snippet/${snippet.file}/endpoint`, 2);
          assert.equal(decodeJwt(token).sub, `${userId}-endpoint`);
        });
      });
    }
  });
}
