// When is a page done? An init script (it runs in every document before the page's own scripts, outside the
// page's CSP) polls on requestAnimationFrame from navigation start and records performance.now() (ms since
// navigation start) at the first frame where the page is done (the elements are the widget's, see pages.ts):
// - kith: n Kith widgets (<kith-rating>, <kith-tag-cloud>) and every one matches :state(loaded), the custom
//   state a widget sets once it shows the server's data (<kith-id-card>, which reads nothing until it is used:
//   every one has rendered);
// - shoelace: the Shoelace element (sl-rating, sl-tag) is defined, the n elements have finished their update
//   (Lit's hasUpdated and no update pending, i.e. updateComplete has resolved) and their shadow roots hold
//   [part~=base];
// - text: the first frame after the load event.
// Where Shoelace's element draws icons (sl-rating's stars), it also records, without counting it as done,
// when every sl-icon holds its SVG: a check that the stars really appear, and how much later than "done".
import type { BrowserContext, Page } from 'playwright-core';
import type { Kind, RenderWidget } from './pages.ts';

export interface Marks {
  done: number;
  /** Shoelace only, where it draws icons: every sl-icon inside every element has drawn its SVG. */
  stars?: number;
}

interface ProbeState {
  done?: number;
  stars?: number;
}

interface ProbeArgs {
  kind: Kind;
  n: number;
  kithElement: string;
  shoelaceElement: string;
  /** Wait for Shoelace's icons too. */
  icons: boolean;
  /** Kith's widgets are done once loaded (their data shown) or once rendered. */
  kithDone: 'loaded' | 'updated';
  /** The console message that says the marks are all recorded. */
  finished: string;
}

function probe({ kind, n, kithElement, shoelaceElement, icons, kithDone, finished }: ProbeArgs) {
  const state: ProbeState = {};
  (window as unknown as { __benchProbe: ProbeState }).__benchProbe = state;
  type LitLike = Element & { hasUpdated?: boolean; isUpdatePending?: boolean };
  const done = (): boolean => {
    if (kind === 'text') return document.readyState === 'complete';
    const els = document.querySelectorAll<LitLike>(kind === 'kith' ? kithElement : shoelaceElement);
    if (els.length !== n) return false;
    if (kind === 'kith') {
      if (kithDone === 'updated') {
        for (const el of els) if (!el.hasUpdated || el.isUpdatePending) return false;
        return true;
      }
      for (const el of els) if (!el.matches(':state(loaded)')) return false;
      return true;
    }
    if (!customElements.get(shoelaceElement)) return false;
    // Rendered: the element's base part (sl-rating, sl-tag, sl-tooltip), or sl-relative-time's <time>.
    for (const el of els) if (!el.hasUpdated || el.isUpdatePending || !el.shadowRoot?.querySelector('[part~=base], time')) return false;
    return true;
  };
  const starsDrawn = (): boolean => {
    for (const element of document.querySelectorAll(shoelaceElement)) {
      const drawn = element.shadowRoot?.querySelectorAll('sl-icon') ?? [];
      if (!drawn.length) return false;
      for (const icon of drawn) if (!icon.shadowRoot?.querySelector('svg')) return false;
    }
    return true;
  };
  const withIcons = kind === 'shoelace' && icons;
  const tick = () => {
    if (state.done === undefined && done()) state.done = performance.now();
    if (withIcons && state.done !== undefined && state.stars === undefined && starsDrawn()) state.stars = performance.now();
    if (state.done === undefined || (withIcons && state.stars === undefined)) requestAnimationFrame(tick);
    else console.debug(finished);
  };
  requestAnimationFrame(tick);
}

/** What a probe logs (console.debug) once its marks are all recorded (the comments' probe too). */
export const PROBE_FINISHED = 'bench probe: finished';

/** Installs the probe in every document this context loads from now on. */
export async function installProbe(context: BrowserContext, widget: RenderWidget, kind: Kind, n: number): Promise<void> {
  await context.addInitScript(probe, { kind, n, kithElement: widget.kithElement, shoelaceElement: widget.shoelaceElement, icons: widget.shoelaceIcons, kithDone: widget.kithDone ?? 'loaded', finished: PROBE_FINISHED });
}

/**
 * Navigates with `navigate` and resolves once the new document's probe logs PROBE_FINISHED. The harness does
 * not look into the page before that: a `waitForFunction` evaluates playwright's injected script in the page as
 * soon as the navigation's load event fires (20 to 30 ms of main-thread work), which lands before "done" on a
 * page whose widgets finish after the load event (Kith's: its chunks and data do not hold the load event back)
 * and after it on a page whose module scripts do (Shoelace's), a cost only one side paid. The probe's console
 * message costs the page nothing measurable; it is listened for before the navigation starts.
 */
export async function navigateUntilFinished(page: Page, navigate: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const finished = page.waitForEvent('console', { predicate: (message) => message.text() === PROBE_FINISHED, timeout: timeoutMs });
  finished.catch(() => {});
  await navigate();
  await finished;
}

/** Navigates (see navigateUntilFinished) and returns the new document's marks. */
export async function navigateAndMark(page: Page, navigate: () => Promise<unknown>, timeoutMs: number): Promise<Marks> {
  await navigateUntilFinished(page, navigate, timeoutMs);
  return page.evaluate(() => {
    const s = (window as unknown as { __benchProbe: ProbeState }).__benchProbe;
    return { done: s.done!, stars: s.stars };
  });
}
