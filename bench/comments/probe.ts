// When does a comments page show its comments? Like bench/render/probe.ts, an init script (run in every
// document before the page's scripts, outside its CSP) polls on requestAnimationFrame from navigation start,
// and notes two frames:
// - the first screen: the first frame where the comments a reader can see are drawn: at least one comment
//   element, every one of them that reaches into the window has its body's text, and either all n are there
//   or the last one starts below the window's bottom edge (so the window is full of comments, not a partial
//   first screen). A widget that draws a long thread in slices shows its first screen here; one that draws
//   every comment at once shows it in the same frame as the next mark.
// - everything: the first frame where the page holds all n comment elements, each with its body's text.
// For each it notes the time (`seen`) and posts a task (setTimeout 0) that runs once that frame has been
// produced (style, layout and paint of the frame, the usual "after next paint" idiom): that task's time is
// `painted`, the figure the bench keeps. Comment elements are searched in the document and, for Kith, in the
// shadow root of <kith-comments> (the widget renders in its own). The geometry read of the first mark
// (getBoundingClientRect) lays the page out inside the frame's animation callbacks, for every kind alike.
//
// "The list response arrives": the Resource Timing entry of the list request (fetch), its responseEnd, the
// moment the last byte of the body was handed over; when a page asked more than once, the last answer that
// ended before the first screen was seen. Kith's loader starts that request while the widget's code is still
// on its way (loader/prefetch.ts), so the answer is often there before the widget is; the widget marks the
// moment it asks for its list (`kith-comments:list`, a User Timing mark), and the bench takes the later of the
// two as the moment the list reaches it (render.ts). All times are performance.now() milliseconds since
// navigation start.
import type { BrowserContext, Page } from 'playwright-core';
import type { CommentKind } from './pages.ts';
import { navigateUntilFinished, PROBE_FINISHED } from '../render/probe.ts';

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
  /** When the widget asked for its list (Kith's `kith-comments:list` mark; NaN for the others). */
  asked: number;
  /** The frame where the first screen of comments was found (rAF time), and the task after it. */
  seen: number;
  painted: number;
  /** The same for the frame where all n comments were found. */
  allSeen: number;
  allPainted: number;
  /** How many list requests the page made before `seen`. */
  listRequests: number;
  /** Scripts (URLs ending in .js) whose response ended before `seen`. */
  scripts: string[];
}

interface ProbeState {
  seen?: number;
  painted?: number;
  allSeen?: number;
  allPainted?: number;
  response?: number;
  asked?: number;
  listRequests?: number;
  scripts?: string[];
  found?: number;
}

function probe({ n, s, finished }: { n: number; s: KindSelectors; finished: string }) {
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
  const inWindow = (el: Element) => {
    const box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  };
  const marks = (seen: number, response: boolean, note: (painted: number) => void) =>
    setTimeout(() => {
      if (response) {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const lists = entries.filter((e) => e.name.includes(s.list) && e.responseEnd > 0 && e.responseEnd <= seen);
        state.scripts = entries.filter((e) => /\.js$/.test(new URL(e.name).pathname) && e.responseEnd <= seen).map((e) => e.name);
        state.listRequests = lists.length;
        state.response = lists.length ? Math.max(...lists.map((e) => e.responseEnd)) : undefined;
        state.asked = performance.getEntriesByName('kith-comments:list').filter((e) => e.startTime <= seen).at(-1)?.startTime;
      }
      note(performance.now());
    }, 0);
  const tick = () => {
    const found = all(document, []);
    state.found = found.length;
    const everything = found.length >= n && found.every(hasBody);
    if (state.seen === undefined && found.length && (everything || found.at(-1)!.getBoundingClientRect().top >= innerHeight) && found.filter(inWindow).every(hasBody)) {
      const seen = (state.seen = performance.now());
      marks(seen, true, (painted) => (state.painted = painted));
    }
    if (everything) {
      const seen = (state.allSeen = performance.now());
      marks(seen, false, (painted) => {
        state.allPainted = painted;
        // Both marks' timers were set before this one's (or with it): both are recorded now.
        console.debug(finished);
      });
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export async function installCommentsProbe(context: BrowserContext, kind: CommentKind, n: number, selectors = SELECTORS[kind]): Promise<void> {
  await context.addInitScript(probe, { n, s: selectors, finished: PROBE_FINISHED });
}

/** Navigates with `navigate` (see render/probe.ts's navigateUntilFinished) and returns the new page's marks. */
export async function navigateAndMarkComments(page: Page, navigate: () => Promise<unknown>, timeoutMs: number): Promise<CommentMarks> {
  await navigateUntilFinished(page, navigate, timeoutMs);
  return page.evaluate(() => {
    const s = (window as unknown as { __commentsProbe: ProbeState }).__commentsProbe;
    return { response: s.response ?? NaN, asked: s.asked ?? NaN, seen: s.seen!, painted: s.painted!, allSeen: s.allSeen!, allPainted: s.allPainted!, listRequests: s.listRequests ?? 0, scripts: s.scripts ?? [] };
  });
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
