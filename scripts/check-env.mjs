// Checks what `npm start` / `npm test` need before anything else runs, and says what is missing in one line
// with the fix. Plain JavaScript on purpose: it must run (and explain) under an old Node too.
import { existsSync } from 'node:fs';

const needs = process.argv.slice(2);
const problems = [];

if (needs.includes('node')) {
  const major = Number(process.versions.node.split('.')[0]);
  const minor = Number(process.versions.node.split('.')[1]);
  if (major < 22 || (major === 22 && minor < 12)) {
    problems.push(
      `Kith needs Node.js >= 22.12 (Node 24 LTS recommended); this is ${process.version}. ` +
        'Fix: install Node 24 (`nvm install 24`, your package manager, or nodejs.org).',
    );
  }
}

if (needs.includes('chromium')) {
  const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chrome)) {
    problems.push(
      `Browser tests need Chromium at ${chrome}, which does not exist. ` +
        'Fix: `apt-get install -y chromium` (Debian/Ubuntu), or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
}

if (problems.length) {
  for (const p of problems) console.error(`kith: ${p}`);
  process.exit(1);
}
