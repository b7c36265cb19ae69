// When does a comments page show its comments? Like bench/render/probe.ts, an init script (run in every
// document before the page's scripts, outside its CSP) polls on requestAnimationFrame from navigation start.
// At the first frame where the page holds all n comment elements of its kind and each one's body has text,
// it notes the time (`seen`) and posts a task (setTimeout 0) that runs once that frame has been produced
// (style, layout and paint of the frame, the usual "after next paint" idiom): that task's time is `painted`,
// the figure the bench keeps. Comment elements are searched in the document and, for Kith, in the shadow
// root of <kith-comments> (the widget renders in its own).
//
// "The list response arrives": the Resource Timing entry of the list request (fetch), its responseEnd, the
// moment the last byte of the body was handed over; when a page asked more than once, the last answer that
// ended before `seen`. All times are performance.now() milliseconds since navigation start.
import type { BrowserContext, Page } from 'playwright-core';
import type { CommentKind } from './pages.ts';

export interface KindSelectors {
  /** One element per comment (roots and replies). */
  comment: string;
  /** Inside a comment: the element holding the rendered Markdown (its descendants are the body's elements). */
  content: string;
  /** A substring of the list request's URL. */
  list: string;
  /** The comments are in the shadow roots of these elements (else in the document). */
  host?: string;
}

/** Kith's selectors are set by the bench from what the widget renders (see comments.ts). */
export const SELECTORS: Record<CommentKind, KindSelectors> = {
  kith: { comment: 'article[part~=comment]', content: '.body.rich', list: '/v1/sites/bench/comments?', host: 'kith-comments' },
  waline: { comment: '.wl-card-item', content: '.wl-content > div', list: '/waline/api/comment?path' },
  artalk: { comment: '.atk-comment-wrap', content: '.atk-content', list: '/artalk/api/v2/comments' },
  bare: { comment: 'article.c', content: '.body', list: '/bare/comments' },
};

export interface CommentMarks {
  /** The list response's responseEnd. */
  response: number;
  /** The frame where the n comments were found (rAF time). */
  seen: number;
  /** The task after that frame. */
  painted: number;
  /** How many list requests the page made before `seen`. */
  listRequests: number;
  /** Scripts (URLs ending in .js) whose response ended before `seen`. */
  scripts: string[];
}

interface ProbeState {
  seen?: number;
  painted?: number;
  response?: number;
  listRequests?: number;
  scripts?: string[];
  found?: number;
}

function probe({ n, s }: { n: number; s: KindSelectors }) {
  const state: ProbeState = {};
  (window as unknown as { __commentsProbe: ProbeState }).__commentsProbe = state;
  performance.setResourceTimingBufferSize(100_000);
  const all = (root: Document, out: Element[]) => {
    if (!s.host) out.push(...root.querySelectorAll(s.comment));
    else for (const host of root.querySelectorAll(s.host)) if (host.shadowRoot) out.push(...host.shadowRoot.querySelectorAll(s.comment));
    return out;
  };
  const hasBody = (el: Element) => {
    const body = el.querySelector(s.content) ?? el.shadowRoot?.querySelector(s.content);
    return !!body && (body.textContent ?? '').trim().length > 0;
  };
  const done = () => {
    const found = all(document, []);
    state.found = found.length;
    return found.length >= n && found.every(hasBody);
  };
  const tick = () => {
    if (done()) {
      const seen = performance.now();
      state.seen = seen;
      setTimeout(() => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const lists = entries.filter((e) => e.name.includes(s.list) && e.responseEnd > 0 && e.responseEnd <= seen);
        state.scripts = entries.filter((e) => /\.js$/.test(new URL(e.name).pathname) && e.responseEnd <= seen).map((e) => e.name);
        state.listRequests = lists.length;
        state.response = lists.length ? Math.max(...lists.map((e) => e.responseEnd)) : undefined;
        state.painted = performance.now();
      }, 0);
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export async function installCommentsProbe(context: BrowserContext, kind: CommentKind, n: number, selectors = SELECTORS[kind]): Promise<void> {
  await context.addInitScript(probe, { n, s: selectors });
}

/** Waits for the page's marks. */
export async function commentMarks(page: Page, timeoutMs: number): Promise<CommentMarks> {
  const handle = await page.waitForFunction(
    () => {
      const s = (window as unknown as { __commentsProbe?: ProbeState }).__commentsProbe;
      return s?.painted !== undefined ? { response: s.response ?? NaN, seen: s.seen!, painted: s.painted, listRequests: s.listRequests ?? 0, scripts: s.scripts ?? [] } : false;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as CommentMarks;
}

/** How many comment elements the probe found last (for a page that did not finish). */
export async function foundSoFar(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as { __commentsProbe?: ProbeState }).__commentsProbe?.found).catch(() => undefined);
}

export interface DomCount {
  /** Every element in the document and in every shadow root. */
  total: number;
  /** Of those, the descendants of the comments' Markdown containers. */
  markdown: number;
  /** Comment elements found. */
  comments: number;
}

/** Counts the page's elements, shadow roots included, and those inside the Markdown bodies. */
export async function countElements(page: Page, s: KindSelectors): Promise<DomCount> {
  return page.evaluate((s) => {
    let total = 0;
    const visit = (root: Document | ShadowRoot | Element) => {
      for (const el of root.querySelectorAll('*')) {
        total++;
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    const deepCount = (root: Element | ShadowRoot): number => {
      let c = 0;
      for (const el of root.querySelectorAll('*')) {
        c++;
        if (el.shadowRoot) c += deepCount(el.shadowRoot);
      }
      return c;
    };
    const comments: Element[] = [];
    if (!s.host) comments.push(...document.querySelectorAll(s.comment));
    else for (const host of document.querySelectorAll(s.host)) if (host.shadowRoot) comments.push(...host.shadowRoot.querySelectorAll(s.comment));
    let markdown = 0;
    for (const c of comments) {
      const body = c.querySelector(s.content) ?? c.shadowRoot?.querySelector(s.content);
      if (body) markdown += deepCount(body);
    }
    return { total, markdown, comments: comments.length };
  }, s);
}
