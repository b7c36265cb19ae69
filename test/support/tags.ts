// Helpers for <kith-tag-cloud> tests: an in-memory implementation of the tags routes of the contract
// (a subject's tags, batch, mine, cloud, trending, suggestions, subjects carrying a tag, add and remove with
// normalization errors, restricted tags, guests) on top of the fake server (test/support/fake-server.ts), and
// mounting helpers.
import { HttpResponse } from 'msw';
import { configure, type KithOptions } from '../../src/core/config.js';
import type { KithTagCloud } from '../../src/widgets/tag-cloud/tag-cloud.component.js';
import type { TagCount } from '../../src/widgets/tag-cloud/tag-cloud.data.js';
import '../../src/widgets/tag-cloud/tag-cloud.js';
import { until } from './assert.js';
import { fakeServer, type FakeServer, type Logged } from './fake-server.js';

const err = (status: number, code: string, message = code, details?: unknown) => HttpResponse.json({ error: { code, message, details } }, { status });

const keyOf = (tag: string) => tag.toUpperCase().toLowerCase().normalize('NFC');

/** The tags routes, in memory: taggings are (subject, key, principal). */
export class TagsFake {
  /** subject -> key -> principals who applied it */
  taggings = new Map<string, Map<string, Set<string>>>();
  displays = new Map<string, string>();
  restricted = new Set<string>();
  moderators = new Set<string>(['mod-1']);
  /** The cloud's and trending's answers, when a test sets them (else computed from the taggings). */
  cloud?: TagCount[];
  trending?: TagCount[];
  /** Subjects carrying a tag, for `tags/subjects` (else computed). */
  subjectsOf = new Map<string, { subject: string; count: number; title: string | null }[]>();
  replays = new Map<string, unknown>();

  constructor(readonly server: FakeServer) {
    server.routes = (request, route, logged) => this.handle(request, route, logged);
  }

  /** Tags `subject` with `tag` by `principal` (a seed: other people by default). */
  tag(subject: string, tag: string, principals: string[] | number = 1): void {
    const key = keyOf(tag);
    this.displays.set(key, this.displays.get(key) ?? tag);
    const byKey = this.taggings.get(subject) ?? new Map<string, Set<string>>();
    this.taggings.set(subject, byKey);
    const who = byKey.get(key) ?? new Set<string>();
    byKey.set(key, who);
    for (const principal of typeof principals == 'number' ? Array.from({ length: principals }, (_, i) => `seed-${who.size + i}`) : principals) who.add(principal);
  }

  items(subject: string): TagCount[] {
    return [...(this.taggings.get(subject) ?? new Map<string, Set<string>>())]
      .filter(([, who]) => who.size)
      .map(([key, who]) => ({ tag: this.displays.get(key)!, key, count: who.size }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }

  mine(subject: string, principal: string): string[] {
    return [...(this.taggings.get(subject) ?? [])].filter(([, who]) => who.has(principal)).map(([key]) => key);
  }

  /** Every tag's uses (within subjects starting with `scope`). */
  uses(scope = ''): TagCount[] {
    const uses = new Map<string, number>();
    for (const [subject, byKey] of this.taggings) if (subject.startsWith(scope)) for (const [key, who] of byKey) who.size && uses.set(key, (uses.get(key) ?? 0) + who.size);
    return [...uses].map(([key, count]) => ({ tag: this.displays.get(key)!, key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }

  async handle(request: Request, route: string, logged: Logged): Promise<Response | undefined> {
    if (!route.startsWith('tags')) return undefined;
    const q = new URL(request.url).searchParams;
    const method = request.method;
    const principal = logged.auth?.replace(/^Bearer /, '') ?? '';
    if (route == 'tags/batch')
      return HttpResponse.json({ items: [...new Set(q.getAll('subject'))].map((subject) => ({ subject, items: this.items(subject).slice(0, 10), total: this.items(subject).length })) });
    if (route == 'tags' && method == 'GET') return HttpResponse.json({ subject: q.get('subject'), items: this.items(q.get('subject')!) });
    if (route == 'tags/cloud') {
      const limit = Number(q.get('limit') ?? 50);
      const scope = q.get('scope');
      const items = this.cloud ?? this.uses(scope ?? '');
      return HttpResponse.json({ scope: scope || null, items: items.slice(0, limit) });
    }
    if (route == 'tags/trending') return HttpResponse.json({ days: 7, items: (this.trending ?? []).map((item) => ({ ...item, baseline: 0, score: 2 })) });
    if (route == 'tags/suggest') {
      const prefix = keyOf((q.get('prefix') ?? '').trim());
      const items = this.uses().filter((item) => item.key.startsWith(prefix));
      return HttpResponse.json({ prefix, items: items.slice(0, Number(q.get('limit') ?? 10)) });
    }
    if (route == 'tags/subjects') {
      const key = keyOf(q.get('tag') ?? '');
      const all =
        this.subjectsOf.get(key) ??
        [...this.taggings]
          .filter(([, byKey]) => byKey.get(key)?.size)
          .map(([subject, byKey]) => ({ subject, count: byKey.get(key)!.size, title: null }))
          .sort((a, b) => b.count - a.count || (a.subject < b.subject ? -1 : 1));
      const start = Number(q.get('cursor') ?? 0);
      const limit = Number(q.get('limit') ?? 20);
      const tag = this.uses().find((item) => item.key == key) ?? null;
      return HttpResponse.json({ tag, items: all.slice(start, start + limit), nextCursor: start + limit < all.length ? String(start + limit) : null });
    }
    if (!principal) return err(401, 'unauthorized');
    const subject = q.get('subject')!;
    if (route == 'tags/mine') return HttpResponse.json({ subject, tags: this.mine(subject, principal) });
    if (route != 'tags') return err(404, 'not_found');
    const replayKey = logged.key && principal + ' ' + logged.key;
    if (replayKey && this.replays.has(replayKey)) return HttpResponse.json(this.replays.get(replayKey) as never);
    await this.server.onWrite?.(logged);
    if (principal.startsWith('guest-') && !this.server.guests) return err(403, 'guests_not_allowed', 'Guests may not tag here');
    const raw = method == 'POST' ? String((logged.body as { tag?: unknown })?.tag ?? '') : (q.get('tag') ?? '');
    const display = raw.trim().normalize('NFC').replace(/\s+/g, ' ');
    if (!display) return err(400, 'invalid_tag', 'A tag cannot be empty.', { reason: 'empty', tag: raw });
    if (display.includes(',')) return err(400, 'invalid_tag', 'A tag cannot contain a comma.', { reason: 'comma', tag: raw });
    if ([...display].length > 40) return err(400, 'invalid_tag', `A tag has at most 40 characters (this one has ${[...display].length}).`, { reason: 'too_long', tag: raw });
    const key = keyOf(display);
    if (method == 'POST') {
      if (this.restricted.has(key) && !this.moderators.has(principal)) return err(403, 'tag_restricted', 'Only moderators may apply this tag.');
      this.tag(subject, display, [principal]);
    } else if (method == 'DELETE') this.taggings.get(subject)?.get(key)?.delete(principal);
    else return err(404, 'not_found');
    const answer = { subject, applied: key, items: this.items(subject), mine: this.mine(subject, principal) };
    if (replayKey) this.replays.set(replayKey, answer);
    this.server.push('tags', { subject, items: answer.items });
    return HttpResponse.json(answer);
  }
}

export const setup = async (opts: KithOptions = {}): Promise<{ server: FakeServer; tags: TagsFake }> => {
  const server = await fakeServer();
  configure({ api: location.origin, site: server.site, token: 'user-a', theme: 'auto', lang: 'en', ...opts });
  return { server, tags: new TagsFake(server) };
};

export const mount = async (attrs: Record<string, string> = {}, parent: HTMLElement = document.body): Promise<KithTagCloud> => {
  const el = document.createElement('kith-tag-cloud');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.append(el);
  await el.updateComplete;
  return el;
};

export const $ = (el: KithTagCloud, sel: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
export const $$ = (el: KithTagCloud, sel: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
export const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
/** The chips on screen as "tag count" (a subject's) or "tag" (the cloud), in order. */
export const chips = (el: KithTagCloud): string[] =>
  $$(el, '[part~=tag]').map((chip) => {
    const name = chip.querySelector<HTMLElement>('.name')!;
    return clean(name.textContent) + (name.dataset.count ? ' ' + name.dataset.count : '');
  });
/** The accessible names of the tags' links. */
export const names = (el: KithTagCloud): string[] => $$(el, '[part~=link]').map((link) => link.getAttribute('aria-label')!);
// Keys as tests write them: the tag shown, in lower case.
export const own = (el: KithTagCloud): string[] => $$(el, '[part~=own] [data-tag]').map((link) => link.dataset.tag!.toLowerCase());
/** The status line: its text, then its buttons' (Retry). */
export const message = (el: KithTagCloud): string => [...($(el, '[part=message]')?.children ?? [])].map((child) => clean(child.textContent)).filter(Boolean).join(' ');
/** What the widget said politely: its live region's text (the compact variant says it in its status). */
export const announced = (el: KithTagCloud): string => clean(($(el, '[aria-live=polite]') ?? $(el, '[part=message] .visually-hidden'))?.textContent);
export const loaded = (el: KithTagCloud): Promise<unknown> => until(() => el.matches(':state(loaded)'), 'server data shown');
/** Resolves once the field's combobox (a chunk loaded after the first paint) is drawn. */
export const field = (el: KithTagCloud): Promise<HTMLInputElement> => until(() => $(el, 'input[role=combobox]') as HTMLInputElement, 'the add field');
export const events = (el: Element, name: 'kith-tag' | 'kith-tag-select' | 'kith-error' | 'kith-sign-in'): any[] => {
  const got: any[] = [];
  el.addEventListener(name, (e) => got.push((e as CustomEvent).detail));
  return got;
};
/** Types into the field as a user would (an input event). */
export const type = (input: HTMLInputElement, text: string): void => {
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};
export const key = (target: HTMLElement, key: string): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
};

export { axe } from './assert.js';

afterEach(() => document.querySelectorAll('kith-tag-cloud, .test-box').forEach((e) => e.remove()));
