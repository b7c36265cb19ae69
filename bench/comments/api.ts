// The comments bench's API server: one small HTTP server on its own origin that answers every contestant's
// list request with the same discussion (bench/comments/data.ts) in that contestant's shape, made once per
// discussion and kept as bytes, so no measured request waits for JSON.stringify:
// - Kith:    GET /v1/sites/<site>/comments?subject=…  → { subject, count, items: Comment[], nextCursor: null }
//            (issue 8's contract); every other /v1/… request is passed to the real Kith server (policy, live…)
// - Waline:  GET /waline/api/comment?path=…&pageSize=…&page=… → { errno: 0, errmsg: '', data: { count, page,
//            pageSize, totalPages, data: WalineRootComment[] } } (@waline/api's getComment), and empty answers
//            for its other reads (counters, reactions)
// - Artalk:  GET /artalk/api/v2/conf → { frontend_conf: {}, version }; GET /artalk/api/v2/comments →
//            { comments: EntityCookedComment[] (flat, rid = the parent), count, roots_count, page }, and empty
//            answers for its page-view and notification calls
// - bare:    GET /bare/comments → { items: [{ name, avatar, time, html, replies: […] }] }
// - avatars: GET /avatars/<k>[.svg] → the SVG of author k (Artalk asks /avatars/<hash>?…: the hash is k).
// CORS: the caller's origin is reflected (credentials allowed), preflights answered. Which discussion is served
// is chosen by `use(key)` before each page is visited.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTHORS, avatarSvg, count, toHtml, toMarkdown, type BenchComment, type BenchThread } from './data.ts';

export interface BenchApi {
  origin: string;
  /** Registers a discussion under `key`; its answers are made now. */
  add(key: string, discussion: BenchThread[]): void;
  /** Serves the discussion `key` from now on. */
  use(key: string): void;
  /** Requests seen per path since the last call (to check what each page asked for). */
  seen(): Record<string, number>;
  stop(): Promise<void>;
}

export const SITE = 'bench';
export const SUBJECT = 'post/1';
export const PAGE_PATH = '/post/1';

const iso = (ms: number) => new Date(ms).toISOString();
const avatarUrl = (origin: string, k: number) => `${origin}/avatars/${k}.svg`;

function kithComment(c: BenchComment, origin: string, replies?: BenchComment[]): Record<string, unknown> {
  return {
    id: `c${c.n}`,
    parentId: c.parent === null ? null : `c${c.parent}`,
    rootId: `c${c.root}`,
    depth: c.depth,
    author: { name: AUTHORS[c.author], avatar: avatarUrl(origin, c.author) },
    tree: c.tree,
    status: 'approved',
    createdAt: iso(c.time),
    up: c.up,
    down: 0,
    ...(replies ? { replyCount: replies.length, replies: replies.map((r) => kithComment(r, origin)) } : {}),
  };
}

function walineComment(c: BenchComment, origin: string, byN: Map<number, BenchComment>) {
  const base = {
    objectId: c.n,
    time: c.time,
    comment: toHtml(c.tree),
    orig: toMarkdown(c.tree),
    like: c.up,
    nick: AUTHORS[c.author],
    link: '',
    avatar: avatarUrl(origin, c.author),
    status: 'approved',
  };
  if (c.parent === null) return { ...base, sticky: false };
  const parent = byN.get(c.parent)!;
  return { ...base, pid: c.parent, rid: c.root, reply_user: { nick: AUTHORS[parent.author], link: '', avatar: avatarUrl(origin, parent.author) } };
}

function artalkComment(c: BenchComment) {
  const d = new Date(c.time);
  const pad = (x: number) => String(x).padStart(2, '0');
  return {
    id: c.n,
    content: toMarkdown(c.tree),
    content_marked: toHtml(c.tree),
    nick: AUTHORS[c.author],
    email_encrypted: String(c.author),
    link: '',
    rid: c.parent ?? 0,
    ua: '',
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`,
    is_collapsed: false,
    is_pending: false,
    is_pinned: false,
    is_verified: false,
    badge_name: '',
    badge_color: '',
    ip_region: '',
    is_allow_reply: true,
    page_key: PAGE_PATH,
    page_url: PAGE_PATH,
    visible: true,
    site_name: 'Bench',
    vote_up: c.up,
    vote_down: 0,
    user_id: 0,
  };
}

function bareComment(c: BenchComment, origin: string, replies?: BenchComment[]): Record<string, unknown> {
  return {
    id: c.n,
    name: AUTHORS[c.author],
    avatar: avatarUrl(origin, c.author),
    time: iso(c.time),
    html: toHtml(c.tree),
    ...(replies ? { replies: replies.map((r) => bareComment(r, origin)) } : {}),
  };
}

interface Answers {
  kith: Buffer;
  waline: Buffer;
  artalk: Buffer;
  bare: Buffer;
}

function answers(d: BenchThread[], origin: string): Answers {
  const all = d.flatMap((t) => [t.root, ...t.replies]);
  const byN = new Map(all.map((c) => [c.n, c]));
  const json = (x: unknown) => Buffer.from(JSON.stringify(x));
  return {
    kith: json({ subject: SUBJECT, count: all.length, items: d.map((t) => kithComment(t.root, origin, t.replies)), nextCursor: null }),
    waline: json({
      errno: 0,
      errmsg: '',
      data: {
        count: all.length,
        page: 1,
        pageSize: d.length,
        totalPages: 1,
        data: d.map((t) => ({ ...walineComment(t.root, origin, byN), children: t.replies.map((r) => walineComment(r, origin, byN)) })),
      },
    }),
    artalk: json({
      comments: all.map(artalkComment),
      count: all.length,
      roots_count: d.length,
      page: { admin_only: false, date: '2026-11-01 00:00:00', id: 1, key: PAGE_PATH, pv: 1, site_name: 'Bench', title: 'Post', url: PAGE_PATH, vote_down: 0, vote_up: 0 },
    }),
    bare: json({ items: d.map((t) => bareComment(t.root, origin, t.replies)) }),
  };
}

/** `kith`: the real Kith server's origin, which gets every other /v1/ request. */
export async function startBenchApi(kith: string | undefined): Promise<BenchApi> {
  const sets = new Map<string, Answers>();
  let current: Answers | undefined;
  let seen: Record<string, number> = {};
  const avatars = AUTHORS.map((_, k) => Buffer.from(avatarSvg(k)));
  let origin = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    seen[`${req.method} ${path}`] = (seen[`${req.method} ${path}`] ?? 0) + 1;
    const cors: Record<string, string> = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    };
    const send = (status: number, body: Buffer | string, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(status, { ...cors, 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'no-store', ...extra });
      res.end(bytes);
    };
    if (path.startsWith('/v1/') && path !== `/v1/sites/${SITE}/comments`) {
      // Kith's other routes: the real server answers (and does its own CORS).
      if (!kith) return send(404, '{"error":{"code":"not_found","message":"no Kith server"}}');
      const upstream = request(kith + req.url, { method: req.method, headers: { ...req.headers, host: new URL(kith).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => send(502, '{}'));
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (path.startsWith('/avatars/')) {
      const k = Number.parseInt(path.slice('/avatars/'.length), 10);
      return send(200, avatars[(Number.isFinite(k) ? k : 0) % avatars.length]!, 'image/svg+xml', {
        'cache-control': 'public, max-age=31536000, immutable',
        'cross-origin-resource-policy': 'cross-origin',
      });
    }
    if (!current) return send(503, '{}');
    switch (path) {
      case `/v1/sites/${SITE}/comments`:
        return send(200, current.kith, undefined, { 'cache-control': 'public, max-age=5, stale-while-revalidate=60' });
      case '/waline/api/comment':
        if (url.searchParams.get('type') === 'count') return send(200, JSON.stringify({ errno: 0, errmsg: '', data: [0] }));
        return send(200, current.waline);
      case '/waline/api/article':
        return send(200, JSON.stringify({ errno: 0, errmsg: '', data: [{ time: 1 }] }));
      case '/artalk/api/v2/conf':
        return send(200, JSON.stringify({ frontend_conf: {}, version: { app: 'artalk', version: 'v2.9.1', commit_hash: '' } }));
      case '/artalk/api/v2/comments':
        return send(200, current.artalk);
      case '/artalk/api/v2/pages/pv':
        return send(200, JSON.stringify({ pv: 1 }));
      case '/artalk/api/v2/notifies':
        return send(200, JSON.stringify({ notifies: [], count: 0 }));
      case '/bare/comments':
        return send(200, current.bare);
    }
    if (path.startsWith('/waline/')) return send(200, JSON.stringify({ errno: 0, errmsg: '', data: [] }));
    if (path.startsWith('/artalk/')) return send(200, '{}');
    send(404, '{}');
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    add: (key, d) => void sets.set(key, answers(d, origin)),
    use: (key) => void (current = sets.get(key)),
    seen() {
      const s = seen;
      seen = {};
      return s;
    },
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export { count };
