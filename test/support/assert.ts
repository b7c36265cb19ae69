// A tiny assertion helper (instead of chai): enough for these tests, one less dependency.
export class AssertionError extends Error {}

export function ok(v: unknown, msg = 'expected a truthy value'): asserts v {
  if (!v) throw new AssertionError(msg);
}

export const eq = <T>(actual: T, expected: T, msg = ''): void => {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${msg ? msg + ': ' : ''}expected ${e}, got ${a}`);
};

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export const until = async <T>(fn: () => T | Promise<T>, msg = 'condition', ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
    if (Date.now() > end) throw new AssertionError(`timed out waiting for ${msg}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What `run` writes to `console[method]` (each call's first argument, as text); the console is restored
 * afterwards, whatever `run` does. */
export const consoleLines = async (method: 'warn' | 'error', run: () => unknown): Promise<string[]> => {
  const lines: string[] = [];
  const original = console[method];
  console[method] = (first?: unknown) => void lines.push(String(first));
  try {
    await run();
  } finally {
    console[method] = original;
  }
  return lines;
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** WCAG contrast ratio of two computed `rgb()`/`rgba()` colors (opaque). */
export const contrast = (a: string, b: string): number => {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/[\d.]+/g)!.map(Number);
    const linear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(bl!);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** Runs axe-core on `el` (loaded once per page) and throws with every violation. */
export const axe = async (el: HTMLElement): Promise<void> => {
  if (!(window as any).axe) {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    document.head.append(script);
    await new Promise((done) => (script.onload = done));
  }
  const result = await (window as any).axe.run(el);
  const violations = result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.failureSummary).join(' ')}`);
  if (violations.length) throw new Error(violations.join('\n'));
};
