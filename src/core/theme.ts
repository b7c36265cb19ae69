// `theme: 'auto'` follows the host page, not only the OS: a light CRM seen on a dark OS stays light.

/** The nearest box around `element` in the page: its parent, or the host of the shadow root it is in. */
const around = (element: Element): Element | null =>
  element.parentElement ?? ((element.getRootNode() as ShadowRoot).host || null);

/** Relative luminance of an `rgb()`/`rgba()` color, or undefined when it is (nearly) transparent. */
const luminance = (color: string): number | undefined => {
  const [red, green, blue, alpha = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (blue === undefined || alpha < 0.5 || !color.startsWith('rgb')) return undefined;
  const linear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(red!) + 0.7152 * linear(green!) + 0.0722 * linear(blue);
};

/**
 * The color scheme the page uses around `element`: undefined when the page declares one that includes
 * dark (`color-scheme: dark` or `light dark`), which the widget then inherits (light-dark() resolves it
 * as the page does); otherwise `dark` when the nearest opaque background behind it is dark, else `light`.
 */
export const pageScheme = (element: Element): 'light' | 'dark' | undefined => {
  const outside = around(element);
  if (!outside || /dark/.test(getComputedStyle(outside).colorScheme)) return undefined;
  for (let box: Element | null = outside; box; box = around(box)) {
    const value = luminance(getComputedStyle(box).backgroundColor);
    if (value !== undefined) return value < 0.2 ? 'dark' : 'light';
  }
  return 'light';
};
