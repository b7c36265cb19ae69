// The malformed-request sweep: every operation of the OpenAPI document (plus the document itself and the
// SDK files) gets wrong types, odd encodings, huge and deeply nested bodies, wrong content types, odd
// credentials and headers, every spelling of the site segment, other methods, and, on a real listening
// server, request-line and header tricks that app.inject cannot send. A case passes when the answer is
// below 500 and, for a 4xx, has the {error:{code,message}} body. One line says how many passed and failed;
// the test fails on any failed case and lists them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { SDK_DIR } from '../src/routes/sdk.ts';
import { bearer, legs, useApp, type TestApp } from './helpers.ts';
import { rawRequest } from './raw-http.ts';
import { operations, validRequest, type Operation } from './site-routes.ts';

/** Large enough for 10 000 levels of nesting to reach the JSON parser and the validator. */
const BODY_LIMIT = 256 * 1024;
const NESTING = 10_000;

interface Answer {
  status: number;
  body: string;
  /** HEAD answers have no body to check. */
  head?: boolean;
}

interface Case {
  name: string;
  send(): Promise<Answer>;
}

/** Why a case failed, or null when it passed. */
function verdict(answer: Answer): string | null {
  if (answer.status === 0) return 'no answer';
  if (answer.status >= 500) return `${answer.status} ${answer.body.slice(0, 160)}`;
  if (answer.status >= 400 && !answer.head) {
    try {
      const { error } = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
      if (typeof error?.code !== 'string' || typeof error.message !== 'string') return `${answer.status} without {error:{code,message}}: ${answer.body.slice(0, 160)}`;
    } catch {
      return `${answer.status} without a JSON body: ${answer.body.slice(0, 160)}`;
    }
  }
  return null;
}

type Request = Omit<InjectOptions, 'url' | 'headers'> & { url: string; headers: Record<string, string> };

/** Every spelling of the site segment `alpha`: decodable to it, or to something that is not a site id. */
function siteSpellings(): string[] {
  const id = 'alpha';
  const hex = (c: string, upper = true) => `%${c.charCodeAt(0).toString(16)[upper ? 'toUpperCase' : 'toLowerCase']()}`;
  const one = [...id].map((_, i) => [...id].map((c, j) => (i === j ? hex(c) : c)).join(''));
  return [
    ...one,
    [...id].map((c) => hex(c)).join(''),
    [...id].map((c) => hex(c, false)).join(''),
    `%25${hex('a').slice(1)}lpha`, // double encoding
    '%2561%256C%2570%2568%2561',
    '%C1%A1lpha', // overlong UTF-8 for "a"
    '%E0%81%A1lpha',
    '%EF%BD%81lpha', // fullwidth a
    'alpha%00',
    '%00alpha',
    'alpha%20',
    'alpha.',
    'alpha%2F',
    'alpha%5C',
    'alpha;x',
    'alpha%3Bx',
    'ALPHA',
    '%41LPHA',
    'alph%E0%A4%A',
    'alpha%ED%A0%80',
    'alpha%uD800',
    '%',
    '%%',
    'nosuch',
    'n%6Fsuch',
    'a'.repeat(300),
  ];
}

/** Spellings of the fixed segments: `/v1/sites/` and the route's own tail. */
function prefixSpellings(): string[] {
  return ['/v1/site%73/', '/%761/sites/', '/%76%31/%73%69%74%65%73/', '/v1/%73ites/', '/V1/sites/', '/v1/sites%2F', '/v1//sites/', '/v1/./sites/', '/v1/x/../sites/'];
}

function queryVariants(op: Operation): string[] {
  const common = ['x=1', '__proto__=1', 'constructor[prototype][x]=1', '%00=1', '=1', '&&&', 'a=%', '%E0%A4%A=1'];
  if (!op.subject) return common;
  return [
    ...common.map((q) => `subject=ok&${q}`),
    'subject=',
    'subject',
    'subject=%',
    'subject=%C0%AF',
    'subject=%C0%AE%C0%AE%2F',
    'subject=%00',
    'subject=%C2%85',
    'subject=%E0%A4%A',
    'subject=%ED%A0%80',
    'subject=%ED%B0%80%ED%A0%80',
    'subject=%F4%90%80%80',
    'subject=%FF%FE',
    'subject=%252F',
    'subject=%25252F',
    'subject=%uD800',
    'subject=a&subject=b',
    'subject[]=a',
    'subject[a]=1',
    'subject[0]=a&subject[1]=b',
    `subject=${'x'.repeat(513)}`,
    `subject=${'%F0%9F%98%80'.repeat(300)}`,
    `subject=${'%C2%80'.repeat(10)}`,
    Array.from({ length: 300 }, (_, i) => `subject=s${i}`).join('&'),
  ];
}

/** Bodies with wrong types, built from the operation's own schema. */
function bodyVariants(op: Operation, valid: string): Array<[string, string]> {
  const base = JSON.parse(valid) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(base), ...Object.keys(op.body?.properties ?? {})])];
  const wrong: unknown[] = ['3', 3.5, -1, 0, 1e400, 2 ** 53, null, true, [], {}, [3], { value: 3 }, 'x'.repeat(5000), '\ud800', 'a\udfffb'];
  const variants: Array<[string, string]> = [];
  for (const name of names) {
    for (const value of wrong) variants.push([`${name}=${JSON.stringify(value)?.slice(0, 20)}`, JSON.stringify({ ...base, [name]: value })]);
  }
  variants.push(
    ['null', 'null'],
    ['[]', '[]'],
    ['"string"', '"string"'],
    ['1', '1'],
    ['true', 'true'],
    ['{}', '{}'],
    ['extra property', JSON.stringify({ ...base, extra: 1 })],
    ['__proto__', '{"__proto__":{"value":3},"value":3}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"value":3}}}'],
    ['lone surrogate key', '{"\\ud800":1}'],
    ['lone surrogate escapes', '{"value":"\\ud800","name":"\\udfff"}'],
    ['truncated', valid.slice(0, -1)],
    ['trailing garbage', `${valid}x`],
    ['two documents', `${valid}${valid}`],
    ['BOM', `\ufeff${valid}`],
    ['single quotes', valid.replaceAll('"', "'")],
    ['comments', `/* c */${valid}`],
    ['NaN', '{"value":NaN}'],
    ['number overflow', `{"value":${'9'.repeat(400)}}`],
    ['duplicate keys', '{"value":3,"value":"x"}'],
    ['whitespace only', '   \n\t '],
    [`nested arrays ×${NESTING}`, `${'['.repeat(NESTING)}${']'.repeat(NESTING)}`],
    [`nested objects ×${NESTING}`, `${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}`],
    [`nested inside a property ×${NESTING}`, `{"value":${'['.repeat(NESTING)}${']'.repeat(NESTING)},"policy":${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}}`],
    [`unclosed ×${NESTING}`, '['.repeat(NESTING)],
    ['over BODY_LIMIT', JSON.stringify({ ...base, pad: 'x'.repeat(BODY_LIMIT) })],
    ['4 MB', JSON.stringify({ ...base, pad: 'x'.repeat(4 * 1024 * 1024) })],
  );
  return variants;
}

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset="',
  'application/json;;;',
  'application/vnd.api+json',
  'application/json-patch+json',
  'application/jsonx',
  '',
  '*/*',
  'application/json\u00e9',
];

function credentialVariants(t: TestApp): Array<[string, () => Promise<Record<string, string>>]> {
  return [
    ['no Authorization', async () => ({})],
    ['Bearer only', async () => ({ authorization: 'Bearer' })],
    ['Basic', async () => ({ authorization: 'Basic YTpi' })],
    ['three dots', async () => ({ authorization: 'Bearer a.b.c' })],
    ['8 KB token', async () => ({ authorization: `Bearer ${'a'.repeat(8000)}` })],
    ['alg none', async () => ({ authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","exp":9999999999}').toString('base64url')}.` })],
    ['another site', async () => bearer(await t.user(t.beta, 'sweeper'))],
    ['expired', async () => bearer(await t.user(t.alpha, 'sweeper', { expiresIn: -3600 }))],
    ['wrong aud', async () => bearer(await t.user(t.alpha, 'sweeper', { aud: 'beta' }))],
    ['lone surrogate sub', async () => bearer(await t.user(t.alpha, 'victim\ud800'))],
    ['C1 sub', async () => bearer(await t.user(t.alpha, 'victim\u0085'))],
    ['guest token', async () => bearer(await t.guest(t.alpha))],
    ['guest of another site', async () => bearer(await t.guest(t.beta))],
    ['API key', async () => bearer(t.alphaKey)],
    ['API key of another site', async () => bearer(t.betaKey)],
    ['unknown API key', async () => bearer(`${t.alphaKey.slice(0, -4)}zzzz`)],
  ];
}

const HEADER_VARIANTS: Array<[string, Record<string, string>]> = [
  ['empty Idempotency-Key', { 'idempotency-key': '' }],
  ['Idempotency-Key with a space', { 'idempotency-key': 'a b' }],
  ['300-char Idempotency-Key', { 'idempotency-key': 'k'.repeat(300) }],
  ['Idempotency-Key with latin-1', { 'idempotency-key': 'cl\u00e9' }],
  ['If-None-Match garbage', { 'if-none-match': 'W/"' }],
  ['If-None-Match *', { 'if-none-match': '*' }],
  ['Origin null', { origin: 'null' }],
  ['Origin garbage', { origin: 'http://[::1' }],
  ['Origin foreign', { origin: 'https://evil.test' }],
  ['Accept-Encoding odd', { 'accept-encoding': 'br;q=x, *;q=-1, gzip;q=1.5' }],
  ['Content-Encoding gzip on plain text', { 'content-encoding': 'gzip' }],
  ['X-Forwarded-For garbage', { 'x-forwarded-for': 'not-an-ip, ::g' }],
  ['Host odd', { host: 'exa mple:99999' }],
  ['preflight', { origin: 'https://evil.test', 'access-control-request-method': 'PUT' }],
];

const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The request line target and head of `request` for a raw socket, with a body when it has one. */
function rawText(method: string, target: string, headers: Record<string, string>, payload?: string, version = 'HTTP/1.1'): string {
  const lines = [`${method} ${target} ${version}`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (payload !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(payload)}`);
  return `${lines.join('\r\n')}\r\n\r\n${payload ?? ''}`;
}

function rawVariants(method: string, path: string, query: string, headers: Record<string, string>, payload: string | undefined): Array<[string, string | Buffer]> {
  const q = query ? `?${query}` : '';
  const sitePath = path.startsWith('/v1/sites/alpha');
  const variants: Array<[string, string | Buffer]> = [
    ['absolute form', rawText(method, `http://127.0.0.1${path}${q}`, headers, payload)],
    ['absolute form, another host', rawText(method, `http://elsewhere.example:8080${path}${q}`, headers, payload)],
    ['absolute form, https', rawText(method, `https://127.0.0.1${path}${q}`, headers, payload)],
    ['absolute form, userinfo', rawText(method, `http://user:pw@127.0.0.1${path}${q}`, headers, payload)],
    ['absolute form, encoded', rawText(method, `http://127.0.0.1${path.replace('/v1/sites/alpha', '/v1/site%73/%61lpha')}${q}`, headers, payload)],
    ['leading //', rawText(method, `/${path}${q}`, headers, payload)],
    ['fragment', rawText(method, `${path}${q}#frag`, headers, payload)],
    ['%00 in the path', rawText(method, `${path}%00${q}`, headers, payload)],
    ['raw UTF-8 in the path', Buffer.from(rawText(method, `${path}/\u00e9${q}`, headers, payload), 'utf8')],
    ['raw byte 0xFF in the path', Buffer.concat([Buffer.from(`${method} ${path}`), Buffer.from([0xff]), Buffer.from(rawText('', '', headers, payload).replace(/^  HTTP/, ' HTTP'))])],
    ['lowercase method', rawText(method.toLowerCase(), `${path}${q}`, headers, payload)],
    ['HTTP/1.0', rawText(method, `${path}${q}`, headers, payload, 'HTTP/1.0')],
    ['HTTP/2.0 on HTTP/1 framing', rawText(method, `${path}${q}`, headers, payload, 'HTTP/2.0')],
    ['a tab in the request line', rawText(method, `${path}\t${q}`, headers, payload)],
    ['two spaces in the request line', rawText(method, ` ${path}${q}`, headers, payload)],
    ['two Host headers', rawText(method, `${path}${q}`, { ...headers, Host: 'other' }, payload)],
    ['obs-fold header', rawText(method, `${path}${q}`, { ...headers, 'X-Folded': 'a\r\n b' }, payload)],
    ['20 KB URL', rawText(method, `${path}?${query}${query ? '&' : ''}pad=${'x'.repeat(20_000)}`, headers, payload)],
    ['20 KB header', rawText(method, `${path}${q}`, { ...headers, 'X-Pad': 'x'.repeat(20_000) }, payload)],
    ['Content-Length and Transfer-Encoding', rawText(method, `${path}${q}`, { ...headers, 'Transfer-Encoding': 'chunked' }, payload ?? '')],
    ['negative Content-Length', rawText(method, `${path}${q}`, { ...headers, 'Content-Length': '-1' })],
    ['Content-Length not a number', rawText(method, `${path}${q}`, { ...headers, 'Content-Length': '1x' })],
    [
      'chunked body',
      `${rawText(method, `${path}${q}`, { ...headers, 'Transfer-Encoding': 'chunked' })}${payload ? `${Buffer.byteLength(payload).toString(16)}\r\n${payload}\r\n` : ''}0\r\n\r\n`,
    ],
    ['chunked, bad size', `${rawText(method, `${path}${q}`, { ...headers, 'Transfer-Encoding': 'chunked' })}zz\r\n{}\r\n0\r\n\r\n`],
    ['chunked, huge chunk extension', `${rawText(method, `${path}${q}`, { ...headers, 'Transfer-Encoding': 'chunked' })}2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`],
    ['Transfer-Encoding gzip, chunked', `${rawText(method, `${path}${q}`, { ...headers, 'Transfer-Encoding': 'gzip, chunked' })}0\r\n\r\n`],
    ['Expect: 100-continue', rawText(method, `${path}${q}`, { ...headers, Expect: '100-continue' }, payload)],
    ['Expect: teapot', rawText(method, `${path}${q}`, { ...headers, Expect: 'teapot' }, payload)],
    ['no Host', rawText(method, `${path}${q}`, headers, payload).replace('Host: 127.0.0.1\r\n', '')],
  ];
  if (sitePath) {
    for (const spelling of siteSpellings().slice(0, 8)) {
      variants.push([`absolute form, site ${spelling}`, rawText(method, `http://127.0.0.1${path.replace('/v1/sites/alpha', `/v1/sites/${spelling}`)}${q}`, headers, payload)]);
    }
  }
  return variants;
}

/** A raw answer: the status of the first response, its body (a 100 Continue is skipped). */
async function sendRaw(port: number, text: string | Buffer): Promise<Answer> {
  let { status, body } = await rawRequest(port, text, 2_000);
  if (status === 100) {
    const split = body.indexOf('\r\n\r\n');
    status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(body.slice(0, split))?.[1] ?? 0);
    body = body.slice(split + 4);
  }
  return { status, body, head: /^HEAD /.test(String(text)) };
}

function casesFor(t: TestApp, op: Operation, port: () => number): Case[] {
  const cases: Case[] = [];
  const inject = (name: string, build: (base: Request) => Promise<Request> | Request) =>
    cases.push({
      name: `${op.method} ${op.path}: ${name}`,
      async send() {
        const request = await build(await validRequest(t, op));
        const res = await t.inject(request);
        return { status: res.statusCode, body: res.body, head: request.method === 'HEAD' };
      },
    });
  const raw = (name: string, build: (base: Request) => string | Buffer) =>
    cases.push({
      name: `${op.method} ${op.path}: raw ${name}`,
      async send() {
        return sendRaw(port(), build(await validRequest(t, op)));
      },
    });
  const split = (url: string) => {
    const at = url.indexOf('?');
    return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
  };

  // Paths
  if (op.path.startsWith('/v1/sites/{site}')) {
    for (const spelling of siteSpellings()) inject(`site spelled ${spelling.slice(0, 40)}`, (base) => ({ ...base, url: base.url.replace('/v1/sites/alpha', `/v1/sites/${spelling}`) }));
    for (const prefix of prefixSpellings()) inject(`prefix spelled ${prefix}`, (base) => ({ ...base, url: base.url.replace('/v1/sites/', prefix) }));
  }
  for (const [name, change] of [
    ['first letter encoded', (p: string) => p.replace(/^\/(.)/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`)],
    ['trailing slash', (p: string) => `${p}/`],
    ['trailing %2F', (p: string) => `${p}%2F`],
    ['trailing %00', (p: string) => `${p}%00`],
    ['trailing /..', (p: string) => `${p}/..`],
    ['trailing %2e%2e', (p: string) => `${p}/%2e%2e`],
    ['overlong slash', (p: string) => `${p}%C0%AF`],
    ['lone surrogate escape', (p: string) => `${p}%ED%A0%80`],
    ['double-encoded slash', (p: string) => p.replace(/\/([^/]+)$/, '%252F$1')],
    ['uppercase', (p: string) => p.toUpperCase()],
  ] as const) {
    inject(`path ${name}`, (base) => {
      const [path, query] = split(base.url);
      return { ...base, url: `${change(path!)}${query ? `?${query}` : ''}` };
    });
  }

  // Query strings
  for (const query of queryVariants(op)) inject(`query ${query.slice(0, 50)}`, (base) => ({ ...base, url: `${split(base.url)[0]}?${query}` }));

  // Bodies: wrong types, odd encodings, nesting, size, content types; and a body where none is expected
  if (op.body) {
    const valid = JSON.stringify(Object.fromEntries((op.body.required ?? []).map((name) => [name, name === 'value' ? 3 : 'x'])));
    for (const [name, payload] of bodyVariants(op, valid)) inject(`body ${name}`, (base) => ({ ...base, payload }));
    inject('invalid UTF-8 body', (base) => ({ ...base, payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }));
    for (const type of CONTENT_TYPES) inject(`Content-Type ${JSON.stringify(type)}`, (base) => ({ ...base, headers: { ...base.headers, 'content-type': type } }));
    inject('no Content-Type', (base) => {
      const { 'content-type': _, ...headers } = base.headers;
      return { ...base, headers };
    });
  } else {
    inject('an unexpected JSON body', (base) => ({ ...base, headers: { ...base.headers, 'content-type': 'application/json' }, payload: '{"value":3}' }));
    inject('an unexpected text body', (base) => ({ ...base, headers: { ...base.headers, 'content-type': 'text/plain' }, payload: 'hello' }));
    inject('an unexpected body over BODY_LIMIT', (base) => ({ ...base, headers: { ...base.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) }) }));
  }

  // Credentials and headers
  for (const [name, credential] of credentialVariants(t)) {
    inject(`credential: ${name}`, async (base) => {
      const { authorization: _, ...headers } = base.headers;
      return { ...base, headers: { ...headers, ...(await credential()) } };
    });
  }
  for (const [name, headers] of HEADER_VARIANTS) inject(`header: ${name}`, (base) => ({ ...base, headers: { ...base.headers, ...headers } }));

  // Other methods on the same URL
  for (const method of OTHER_METHODS) if (method !== op.method) inject(`method ${method}`, (base) => ({ ...base, method }));

  // Request-line and header tricks, on a real socket
  const rawOf = (base: Request) => {
    const [path, query] = split(base.url);
    return rawVariants(String(base.method), path!, query!, base.headers, typeof base.payload === 'string' ? base.payload : undefined);
  };
  for (const [name] of rawVariants(op.method, op.path.replace('{site}', 'alpha'), '', {}, undefined)) {
    raw(name, (base) => rawOf(base).find(([n]) => n === name)![1]);
  }
  return cases;
}

for (const leg of legs()) {
  describe(`malformed-request sweep (${leg.name})`, () => {
    const t = useApp(leg, { BODY_LIMIT: String(BODY_LIMIT), RATE_LIMIT_WRITES_PER_USER: '1000000', RATE_LIMIT_WRITES_PER_IP: '1000000' });

    it('answers every malformed request with a 4xx in the error shape (or a 2xx/3xx), never a 5xx', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(address).port);
      const ops = await operations(t);
      assert.ok(ops.length >= 10, 'the document lists the routes');
      // Routes the document hides: the document itself and the SDK files (when built).
      ops.push({ method: 'GET', path: '/v1/openapi.json', subject: false, secured: false });
      if (existsSync(join(SDK_DIR, 'kith.js'))) ops.push({ method: 'GET', path: '/dist/kith.js', subject: false, secured: false });
      const failures: string[] = [];
      let passed = 0;
      for (const op of ops) {
        // The sweep means something only if the well-formed request it varies is answered.
        const documented = await t.inject(await validRequest(t, op));
        assert.ok(documented.statusCode < 300, `${op.method} ${op.path} as documented (teach site-routes.ts validRequest to call it): ${documented.statusCode} ${documented.body}`);
        for (const c of casesFor(t, op, () => port)) {
          let why: string | null;
          try {
            why = verdict(await c.send());
          } catch (error) {
            why = `the test could not send it: ${(error as Error).message}`;
          }
          if (why === null) passed++;
          else failures.push(`${c.name}: ${why}`);
        }
      }
      console.log(`malformed-request sweep: ${passed} passed, ${failures.length} failed`);
      assert.ok(passed > 1000, `only ${passed} cases ran`);
      assert.deepEqual(failures, [], `${failures.length} cases failed:\n${failures.join('\n')}`);
    });
  });
}
