// The four pages the comments bench compares, each showing the same discussion from the bench API server
// (bench/comments/api.ts), and the Content-Security-Policy each needs:
// - kith:   the script tag an admin pastes (from the real Kith server, data-api pointing at the bench API) and
//           one <kith-comments subject="post/1">, under the end-to-end host page's strict policy (Trusted Types
//           required) plus the API's origin for connections and avatars;
// - waline: Waline's documented browser build from a CDN (its stylesheet dist/waline.css and the ES module
//           dist/waline.js, `init({ el, serverURL, path })`), options only to keep it offline (no emoji CDN, no
//           GIF search) and to ask for the whole page size;
// - artalk: Artalk's documented browser build (dist/Artalk.css and the UMD dist/Artalk.js, `Artalk.init(…)`),
//           likewise offline (no emoticons, avatars from the bench API instead of Gravatar, no version check);
// - bare:   a script that fetches the same comments (HTML bodies) and sets one innerHTML for all of them.
// The peers' pages allow inline styles and no Trusted Types (both libraries set innerHTML and style attributes).
import type { PagePolicy } from '../render/host-page.ts';
import { PAGE_PATH, SITE, SUBJECT } from './api.ts';

export type CommentKind = 'kith' | 'waline' | 'artalk' | 'bare';
export const COMMENT_KINDS: readonly CommentKind[] = ['kith', 'waline', 'artalk', 'bare'];

export interface CommentOrigins {
  /** The real Kith server (dist/ and every API route but the list). */
  kith: string;
  /** The bench API server. */
  api: string;
  /** Package bases on the CDN stand-in. */
  waline: string;
  artalk: string;
}

export interface PageFile {
  path: string;
  body: string;
  policy: PagePolicy;
  type?: string;
}

const doc = (title: string, head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
${head}</head><body>
<main><h1>Post</h1><p>The article the discussion is about.</p>
${body}
</main></body></html>`;

/** The page of `kind` for a discussion of `threads` threads (the peers ask for that many per page), and the
 * scripts of its own it loads. */
export function commentPage(kind: CommentKind, threads: number, o: CommentOrigins): PageFile[] {
  const cdn = (base: string) => new URL(base).origin;
  const peer = (base: string): PagePolicy => ({
    scripts: [cdn(base)],
    styles: [cdn(base), "'unsafe-inline'"],
    connect: [o.api],
    images: [o.api],
    trustedTypes: false,
  });
  const container = `<div id="comments" data-page-size="${threads}"></div>`;
  switch (kind) {
    case 'kith':
      return [
        {
          path: `/kith/${threads}`,
          body: doc(
            'Kith comments',
            `<script src="${o.kith}/dist/kith.js" data-site="${SITE}" data-api="${o.api}"></script>`,
            `<kith-comments subject="${SUBJECT}"></kith-comments>`,
          ),
          policy: { scripts: [o.kith], connect: [o.kith, o.api], images: [o.api] },
        },
      ];
    case 'waline':
      return [
        {
          path: `/waline/${threads}`,
          body: doc('Waline comments', `<link rel="stylesheet" href="${o.waline}/dist/waline.css">\n<script type="module" src="/waline/init.js"></script>`, container),
          policy: peer(o.waline),
        },
        {
          path: '/waline/init.js',
          type: 'text/javascript; charset=utf-8',
          policy: {},
          body: `import { init } from '${o.waline}/dist/waline.js';
const el = document.getElementById('comments');
init({ el, serverURL: '${o.api}/waline', path: '${PAGE_PATH}', lang: 'en', pageSize: Number(el.dataset.pageSize), emoji: false, search: false, imageUploader: false });
`,
        },
      ];
    case 'artalk':
      return [
        {
          path: `/artalk/${threads}`,
          body: doc(
            'Artalk comments',
            `<link rel="stylesheet" href="${o.artalk}/dist/Artalk.css">\n<script src="${o.artalk}/dist/Artalk.js"></script>`,
            `${container}\n<script src="/artalk/init.js"></script>`,
          ),
          policy: peer(o.artalk),
        },
        {
          path: '/artalk/init.js',
          type: 'text/javascript; charset=utf-8',
          policy: {},
          body: `const el = document.getElementById('comments');
Artalk.init({ el, pageKey: '${PAGE_PATH}', pageTitle: 'Post', server: '${o.api}/artalk', site: 'Bench', locale: 'en', emoticons: false,
  gravatar: { mirror: '${o.api}/avatars/', params: 's=80' }, pagination: { pageSize: Number(el.dataset.pageSize), readMore: true, autoLoad: false },
  versionCheck: false });
`,
        },
      ];
    case 'bare':
      return [
        {
          path: `/bare/${threads}`,
          body: doc('innerHTML comments', '<script type="module" src="/bare/init.js"></script>', container),
          policy: { connect: [o.api], images: [o.api], trustedTypes: false },
        },
        {
          path: '/bare/init.js',
          type: 'text/javascript; charset=utf-8',
          policy: {},
          // One string for the whole list, one innerHTML: the floor for showing server-rendered HTML.
          body: `const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const one = (c) => '<article class="c"><img class="av" src="' + esc(c.avatar) + '" alt="" width="40" height="40"><div class="m"><b>' + esc(c.name) +
  '</b> <time datetime="' + c.time + '">' + when.format(new Date(c.time)) + '</time><div class="body">' + c.html + '</div></div></article>';
const response = await fetch('${o.api}/bare/comments');
const { items } = await response.json();
let html = '';
for (const c of items) html += '<section class="t">' + one(c) + (c.replies.length ? '<div class="r">' + c.replies.map(one).join('') + '</div>' : '') + '</section>';
document.getElementById('comments').innerHTML = html;
`,
        },
      ];
  }
}
