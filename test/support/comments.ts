// Helpers for <kith-comments> tests: an in-memory implementation of the comments routes of the contract
// (lists, threads, counts, mine, writes, votes, preview, moderation, the live stream) on top of the fake
// server (test/support/fake-server.ts), and mounting helpers.
import { HttpResponse } from 'msw';
import { configure, type KithOptions } from '../../src/core/config.js';
import type { Root } from '../../src/core/rich-text.js';
import type { KithComments } from '../../src/widgets/comments/comments.component.js';
import type { Comment } from '../../src/widgets/comments/comments.data.js';
import '../../src/widgets/comments/comments.js';
import { until } from './assert.js';
import { fakeServer, type FakeServer, type Logged } from './fake-server.js';

const err = (status: number, code: string, message = code) => HttpResponse.json({ error: { code, message } }, { status });

/** A tree of plain paragraphs (blank lines split them), as the server would make from simple text. */
export const tree = (text: string): Root => ({
  type: 'root',
  children: text.split(/\n{2,}/).map((paragraph) => ({ type: 'paragraph', children: [{ type: 'text', value: paragraph }] })),
});

export interface Stored extends Comment {
  subject: string;
  body: string;
  authorRef: string;
}

// Comments are made from an hour before the tests run, a minute apart: their times read "… minutes ago" in every
// language on any day (a fixed date turned into "yesterday" the day after it was written).
let clock = Date.now() - 3_600_000;

/** The comments routes, in memory. */
export class CommentsFake {
  comments: Stored[] = [];
  votes = new Map<string, Map<string, 1 | -1>>();
  blocked = new Set<string>();
  moderators = new Set<string>(['mod-1']);
  /** Pre-moderation: new comments are held. */
  premoderate = false;
  /** Replies each list item carries at most (the contract's 200; small in tests of "Show more replies"). */
  repliesPerThread = 200;
  replays = new Map<string, unknown>();
  #ids = 0;

  constructor(readonly server: FakeServer) {
    server.routes = (request, route, logged) => this.handle(request, route, logged);
  }

  /** Adds a comment as if it had been posted; `parent` makes it a reply. */
  add(subject: string, text: string, extra: Partial<Stored> & { parent?: Stored } = {}): Stored {
    const { parent, ...rest } = extra;
    const id = 'c' + ++this.#ids;
    const depth = parent ? Math.min(3, parent.depth + 1) : 0;
    const attachTo = parent && parent.depth >= 3 ? this.comments.find((c) => c.id == parent.parentId)! : parent;
    const comment: Stored = {
      id,
      parentId: attachTo?.id ?? null,
      rootId: parent ? parent.rootId : id,
      depth,
      author: { name: 'Ann Author' },
      tree: tree(text),
      status: 'approved',
      createdAt: new Date((clock += 60_000)).toISOString(),
      up: 0,
      down: 0,
      subject,
      body: text,
      authorRef: 'someone',
      ...rest,
    };
    if (parent && parent.depth >= 3) comment.replyTo = { id: parent.id, name: parent.author.name };
    this.comments.push(comment);
    return comment;
  }

  visible(c: Stored): boolean {
    return c.status == 'approved' && (!c.deleted || this.comments.some((r) => r.rootId == c.id && r.id != c.id && this.visible(r)));
  }

  public(c: Stored): Comment {
    const { subject: _s, body: _b, authorRef: _a, ...rest } = c;
    return structuredClone(rest);
  }

  #replies(root: string) {
    return this.comments.filter((c) => c.rootId == root && c.id != root && this.visible(c));
  }

  #top(subject: string, sort: string, stars: number) {
    const top = this.comments.filter((c) => c.subject == subject && !c.parentId && this.visible(c) && (!stars || c.stars == stars));
    const score = (c: Stored) => c.up - c.down;
    return sort == 'oldest' ? top : sort == 'top' ? [...top].sort((a, b) => score(b) - score(a)) : [...top].reverse();
  }

  count(subject: string): number {
    return this.comments.filter((c) => c.subject == subject && this.visible(c) && !c.deleted).length;
  }

  /** Sends a live event to the streams of its subject (the fake server's SSE). */
  emit(type: string, data: unknown): void {
    this.server.push(type, data as { subject?: string });
  }

  async handle(request: Request, route: string, logged: Logged): Promise<Response | undefined> {
    const url = new URL(request.url);
    const q = url.searchParams;
    const method = request.method;
    const body = logged.body as any;
    const principal = logged.auth?.replace(/^Bearer /, '') ?? '';
    if (!route.startsWith('comments') && !route.startsWith('moderation')) return undefined;
    if (route == 'comments/preview' && method == 'POST') return HttpResponse.json({ tree: tree(String(body?.body ?? '').trim()) });
    if (route == 'comments/counts') return HttpResponse.json({ items: [...new Set(q.getAll('subject'))].map((subject) => ({ subject, count: this.count(subject) })) });
    if (route == 'comments' && method == 'GET') {
      const subject = q.get('subject')!;
      const all = this.#top(subject, q.get('sort') ?? 'newest', Number(q.get('stars') ?? 0));
      const start = Number(q.get('cursor') ?? 0);
      const limit = Number(q.get('limit') ?? 20);
      const items = all.slice(start, start + limit).map((c) => {
        const replies = this.#replies(c.id);
        return { ...this.public(c), replyCount: replies.length, replies: replies.slice(0, this.repliesPerThread).map((r) => this.public(r)) };
      });
      return HttpResponse.json({ subject, count: this.count(subject), items, nextCursor: start + limit < all.length ? String(start + limit) : null });
    }
    if (route == 'comments/thread') return HttpResponse.json({ items: this.#replies(q.get('root')!).map((r) => this.public(r)), nextCursor: null });
    const isModerator = this.moderators.has(principal);
    if (route.startsWith('moderation')) {
      if (!isModerator) return err(403, 'forbidden');
      if (route == 'moderation/comments')
        return HttpResponse.json({
          items: this.comments.filter((c) => c.status == q.get('status') && (!q.get('subject') || c.subject == q.get('subject'))).map((c) => ({ ...structuredClone(c) })),
          nextCursor: null,
        });
      const id = route.match(/^moderation\/comments\/(.+)$/)?.[1];
      if (id) {
        const c = this.comments.find((x) => x.id == decodeURIComponent(id));
        if (!c) return err(404, 'comment_not_found');
        c.status = ({ approve: 'approved', reject: 'rejected', spam: 'spam' } as const)[body.action as 'approve'];
        return HttpResponse.json({ comment: structuredClone(c) });
      }
      if (route == 'moderation/authors/block') {
        const c = this.comments.find((x) => x.id == body.commentId)!;
        this.blocked.add(c.authorRef);
        let hidden = 0;
        if (body.hidePast) for (const other of this.comments) if (other.authorRef == c.authorRef && other.status != 'spam') (other.status = 'rejected'), hidden++;
        return HttpResponse.json({ author: c.authorRef, hidden });
      }
      return err(404, 'not_found');
    }
    if (!principal) return err(401, 'unauthorized');
    if (route == 'comments/mine') {
      const subject = q.get('subject')!;
      const own = this.comments.filter((c) => c.subject == subject && c.authorRef == principal && !c.deleted);
      const votes: Record<string, 1 | -1> = {};
      for (const [id, byWho] of this.votes) if (byWho.has(principal)) votes[id] = byWho.get(principal)!;
      return HttpResponse.json({
        subject,
        own: own.map((c) => ({ id: c.id, body: c.body, status: c.status })),
        pending: own.filter((c) => c.status != 'approved').map((c) => this.public(c)),
        votes,
        blocked: this.blocked.has(principal),
        moderator: isModerator,
      });
    }
    const replayKey = logged.key && principal + ' ' + logged.key;
    if (replayKey && this.replays.has(replayKey)) return HttpResponse.json(this.replays.get(replayKey) as any, { status: method == 'POST' ? 201 : 200 });
    const answer = (value: unknown, status = 200) => {
      if (replayKey) this.replays.set(replayKey, value);
      return HttpResponse.json(value as any, { status });
    };
    const guest = principal.startsWith('guest-');
    if (route == 'comments' && method == 'POST') {
      const subject = q.get('subject')!;
      const text = String(body?.body ?? '').trim();
      if (!text || [...text].length > 10_000) return err(400, 'validation_failed', 'body/body must be 1–10000 characters');
      if (guest && !this.server.guestsComment) return err(403, 'guests_not_allowed');
      if (this.blocked.has(principal)) return err(403, 'author_blocked');
      if (this.comments.some((c) => c.authorRef == principal && c.subject == subject && c.body == text && !c.deleted)) return err(409, 'duplicate_comment');
      const parent = body.parentId ? this.comments.find((c) => c.id == body.parentId) : undefined;
      if (body.parentId && !parent) return err(404, 'comment_not_found');
      const name = guest ? body.guestName : principal == 'mod-1' ? 'Mo Derator' : 'User ' + principal;
      const c = this.add(subject, text, { parent, authorRef: principal, author: guest ? { name, guest: true } : { name }, status: this.premoderate ? 'pending' : 'approved' });
      if (c.status == 'approved') this.emit('comment', { subject, action: 'created', comment: this.public(c) });
      // As the real server may: the live event reaches the page before the answer does.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return answer({ comment: this.public(c) }, 201);
    }
    const match = route.match(/^comments\/([^/]+)(\/vote)?$/);
    if (!match) return err(404, 'not_found');
    const c = this.comments.find((x) => x.id == decodeURIComponent(match[1]!) && !x.deleted);
    if (!c) return err(404, 'comment_not_found');
    if (match[2]) {
      if (c.authorRef == principal) return err(403, 'own_comment');
      const byWho = this.votes.get(c.id) ?? new Map<string, 1 | -1>();
      this.votes.set(c.id, byWho);
      const before = byWho.get(principal);
      if (before == 1) c.up--;
      if (before == -1) c.down--;
      if (method == 'PUT') {
        byWho.set(principal, body.value);
        body.value == 1 ? c.up++ : c.down++;
      } else byWho.delete(principal);
      return answer({ id: c.id, up: c.up, down: c.down, mine: byWho.get(principal) ?? null });
    }
    if (c.authorRef != principal && !isModerator) return err(403, 'not_your_comment');
    if (method == 'PATCH') {
      c.body = String(body.body).trim();
      c.tree = tree(c.body);
      c.editedAt = new Date((clock += 60_000)).toISOString();
      return answer({ comment: this.public(c) });
    }
    if (method == 'DELETE') {
      c.deleted = true;
      c.tree = null;
      c.body = '';
      // As the real server may: the live event reaches the page before the answer does.
      this.emit('comment', { subject: c.subject, action: 'deleted', comment: this.public(c) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      return answer({ comment: this.public(c) });
    }
    return err(404, 'not_found');
  }
}

export const setup = async (opts: KithOptions = {}): Promise<{ server: FakeServer; comments: CommentsFake }> => {
  const server = await fakeServer();
  configure({ api: location.origin, site: server.site, token: 'user-a', theme: 'auto', lang: 'en', ...opts });
  return { server, comments: new CommentsFake(server) };
};

export const mount = async (subject: string, attrs: Record<string, string> = {}, parent: HTMLElement = document.body): Promise<KithComments> => {
  const el = document.createElement('kith-comments');
  el.setAttribute('subject', subject);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.append(el);
  await el.updateComplete;
  return el;
};

// Comments lay themselves out when near the viewport (content-visibility: auto); test pages may run in the
// background, where frames do not come: lay them out at once, so positions and focus are real.
document.head.append(Object.assign(document.createElement('style'), { textContent: 'kith-comments::part(comment) { content-visibility: visible }' }));

export const $ = (el: KithComments, sel: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
export const $$ = (el: KithComments, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
export const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
/** The articles on screen, as "author: text" lines. */
export const shown = (el: KithComments): string[] =>
  $$(el, '[part~=comment]').map((a) => (a.classList.contains('tombstone') ? clean(a.textContent) : `${clean(a.querySelector('.author')?.textContent)}: ${clean(a.querySelector('.body')?.textContent)}`));
export const article = (el: KithComments, id: string): HTMLElement => $(el, `[part~=comment][data-id="${id}"]`);
export const button = (el: KithComments, id: string, action: string): HTMLButtonElement => $(el, `[data-id="${id}"] [data-action="${action}"]`) as HTMLButtonElement;
export const loaded = (el: KithComments): Promise<unknown> => until(() => el.matches(':state(loaded)'), 'server data shown');
/** The element focused inside the widget. */
export const focused = (el: KithComments): Element | null => el.shadowRoot!.activeElement;
export const events = (el: Element, name: 'kith-comment' | 'kith-vote' | 'kith-error' | 'kith-sign-in'): any[] => {
  const got: any[] = [];
  el.addEventListener(name, (e) => got.push((e as CustomEvent).detail));
  return got;
};
/** Types into a textarea or input as a user would (an input event per change). */
export const type = (field: HTMLTextAreaElement | HTMLInputElement, text: string): void => {
  field.focus();
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};

afterEach(() => document.querySelectorAll('kith-comments').forEach((e) => e.remove()));
