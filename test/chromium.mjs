// The one place that says how tests launch Chromium: Debian's binary (never a downloaded browser) with
// the flags this machine needs (root, no GPU, closed network). Used by web-test-runner and playwright-core.
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Without these, every new tab also loads the omnibox popup's WebUI (WebUIOmniboxPopup) and, since Chromium 156,
  // its AI mode popup (WebUIOmniboxAimPopup): 100 to 250 chrome:// modules in a second renderer, busy during the page
  // a test or the render bench is timing, on a 2-core machine. Checked with CDP's Target.getTargets: with both off,
  // a new tab has no browser_ui target.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];
