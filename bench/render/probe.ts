// When is a page done? An init script (it runs in every document before the page's own scripts, outside the
// page's CSP) polls on requestAnimationFrame from navigation start and records performance.now() (ms since
// navigation start) at the first frame where the page is done (the elements are the widget's, see pages.ts):
// - kith: n Kith widgets (<kith-rating>, <kith-tag-cloud>) and every one matches :state(loaded), the custom
//   state a widget sets once it shows the server's data;
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
}

function probe({ kind, n, kithElement, shoelaceElement, icons }: ProbeArgs) {
  const state: ProbeState = {};
  (window as unknown as { __benchProbe: ProbeState }).__benchProbe = state;
  type LitLike = Element & { hasUpdated?: boolean; isUpdatePending?: boolean };
  const done = (): boolean => {
    if (kind === 'text') return document.readyState === 'complete';
    const els = document.querySelectorAll<LitLike>(kind === 'kith' ? kithElement : shoelaceElement);
    if (els.length !== n) return false;
    if (kind === 'kith') {
      for (const el of els) if (!el.matches(':state(loaded)')) return false;
      return true;
    }
    if (!customElements.get(shoelaceElement)) return false;
    for (const el of els) if (!el.hasUpdated || el.isUpdatePending || !el.shadowRoot?.querySelector('[part~=base]')) return false;
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
  };
  requestAnimationFrame(tick);
}

/** Installs the probe in every document this context loads from now on. */
export async function installProbe(context: BrowserContext, widget: RenderWidget, kind: Kind, n: number): Promise<void> {
  await context.addInitScript(probe, { kind, n, kithElement: widget.kithElement, shoelaceElement: widget.shoelaceElement, icons: widget.shoelaceIcons });
}

/** Waits until the current document is done (and, for Shoelace with icons, has drawn them) and returns its marks. */
export async function marks(page: Page, widget: RenderWidget, kind: Kind, timeoutMs: number): Promise<Marks> {
  const handle = await page.waitForFunction(
    (shoelace) => {
      const s = (window as unknown as { __benchProbe?: ProbeState }).__benchProbe;
      return s?.done !== undefined && (!shoelace || s.stars !== undefined) ? { done: s.done, stars: s.stars } : false;
    },
    kind === 'shoelace' && widget.shoelaceIcons,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as Marks;
}
