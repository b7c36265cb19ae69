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
  // Without this, every new tab also loads the omnibox popup's WebUI (about 100 chrome:// modules): a second busy
  // renderer during each page the render bench times, on a 2-core machine.
  '--disable-features=WebUIOmniboxPopup',
];
