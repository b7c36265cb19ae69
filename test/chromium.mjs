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
];
