// `theme: 'auto'` follows the host page, not only the OS: a light CRM seen on a dark OS stays light.
import { composedParent } from './composed-parent.js';


/** Perceived brightness (0–255) of an `rgb()`/`rgba()` color, or undefined when it is (nearly)
 * transparent. Enough to tell a dark page from a light one. */
const brightness = (color: string): number | undefined => {
  const [red, green, blue, alpha = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return blue === undefined || alpha < 0.5 ? undefined : 0.299 * red! + 0.587 * green! + 0.114 * blue;
};

/**
 * The color scheme the page uses around `element`: undefined when the page declares one that includes
 * dark (`color-scheme: dark` or `light dark`), which the widget then inherits (light-dark() resolves it
 * as the page does); otherwise `dark` when the nearest opaque background behind it is dark, else `light`.
 */
export const pageScheme = (element: Element): 'light' | 'dark' | undefined => {
  const outside = composedParent(element);
  if (!outside || /dark/.test(getComputedStyle(outside).colorScheme)) return undefined;
  for (let box: Element | null = outside; box; box = composedParent(box)) {
    const value = brightness(getComputedStyle(box).backgroundColor);
    if (value !== undefined) return value < 110 ? 'dark' : 'light';
  }
  return 'light';
};
