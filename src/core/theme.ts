// `theme: 'auto'` follows the host page, not only the OS: a light CRM seen on a dark OS stays light.
import { composedParent } from './composed-parent.js';


/** Perceived brightness (0–255) of an `rgb()`/`rgba()` color, or undefined when it is (nearly)
 * transparent. Enough to tell a dark page from a light one. */
const brightness = (color: string): number | undefined => {
  const [red, green, blue, alpha = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return blue === undefined || alpha < 0.5 ? undefined : 0.299 * red! + 0.587 * green! + 0.114 * blue;
};

/**
 * The color scheme a widget must be pinned to around `element`: `dark` where the page declares no scheme with
 * dark in it and the nearest opaque background behind it is dark; otherwise undefined, and the widget inherits
 * the page's scheme. light-dark() then resolves as the page does: dark where the page says `color-scheme: dark`
 * or `light dark`, light where it says `light` or nothing (`normal` is light, whatever the OS prefers), and
 * along with the page when it switches its scheme later. No pin where none is needed: on a light page (most
 * of them) a table of 200 widgets gets no attribute each, and no second style pass for it.
 */
export const pageScheme = (element: Element): 'dark' | undefined => {
  const outside = composedParent(element);
  if (!outside || /dark/.test(getComputedStyle(outside).colorScheme)) return;
  for (let box: Element | null = outside; box; box = composedParent(box)) {
    const value = brightness(getComputedStyle(box).backgroundColor);
    if (value !== undefined) return value < 110 ? 'dark' : undefined;
  }
};
