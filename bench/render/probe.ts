// When is a page done? An init script (it runs in every document before the page's own scripts, outside the
// page's CSP) polls on requestAnimationFrame from navigation start and records performance.now() (ms since
// navigation start) at the first frame where the page is done:
// - kith: n <kith-rating> and every one matches :state(loaded), the custom state a widget sets once it
//   shows the server's data;
// - shoelace: sl-rating is defined, the n elements have finished their update (Lit's hasUpdated and no
//   update pending, i.e. updateComplete has resolved) and their shadow roots hold [part~=base];
// - text: the first frame after the load event.
// For Shoelace it also records, without counting it as done, when every star icon (sl-icon) holds its SVG:
// a check that the stars really appear, and how much later than "done" they do.
import type { BrowserContext, Page } from 'playwright-core';
import type { Kind } from './pages.ts';

export interface Marks {
  done: number;
  /** Shoelace only: every sl-icon inside every sl-rating has drawn its SVG. */
  stars?: number;
}

interface ProbeState {
  done?: number;
  stars?: number;
}

function probe({ kind, n }: { kind: Kind; n: number }) {
  const state: ProbeState = {};
  (window as unknown as { __benchProbe: ProbeState }).__benchProbe = state;
  type LitLike = Element & { hasUpdated?: boolean; isUpdatePending?: boolean };
  const done = (): boolean => {
    if (kind === 'text') return document.readyState === 'complete';
    const els = document.querySelectorAll<LitLike>(kind === 'kith' ? 'kith-rating' : 'sl-rating');
    if (els.length !== n) return false;
    if (kind === 'kith') {
      for (const el of els) if (!el.matches(':state(loaded)')) return false;
      return true;
    }
    if (!customElements.get('sl-rating')) return false;
    for (const el of els) if (!el.hasUpdated || el.isUpdatePending || !el.shadowRoot?.querySelector('[part~=base]')) return false;
    return true;
  };
  const starsDrawn = (): boolean => {
    for (const rating of document.querySelectorAll('sl-rating')) {
      const icons = rating.shadowRoot?.querySelectorAll('sl-icon') ?? [];
      if (!icons.length) return false;
      for (const icon of icons) if (!icon.shadowRoot?.querySelector('svg')) return false;
    }
    return true;
  };
  const tick = () => {
    if (state.done === undefined && done()) state.done = performance.now();
    if (kind === 'shoelace' && state.done !== undefined && state.stars === undefined && starsDrawn()) state.stars = performance.now();
    if (state.done === undefined || (kind === 'shoelace' && state.stars === undefined)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Installs the probe in every document this context loads from now on. */
export async function installProbe(context: BrowserContext, kind: Kind, n: number): Promise<void> {
  await context.addInitScript(probe, { kind, n });
}

/** Waits until the current document is done (and, for Shoelace, has drawn its stars) and returns its marks. */
export async function marks(page: Page, kind: Kind, timeoutMs: number): Promise<Marks> {
  const handle = await page.waitForFunction(
    (shoelace) => {
      const s = (window as unknown as { __benchProbe?: ProbeState }).__benchProbe;
      return s?.done !== undefined && (!shoelace || s.stars !== undefined) ? { done: s.done, stars: s.stars } : false;
    },
    kind === 'shoelace',
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as Marks;
}
