// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../chromium.mjs';

/** `hosts`: names that resolve to 127.0.0.1 (pages served from them over http are not secure contexts, as on
 * an intranet CRM). */
export function launchChromium(hosts: string[] = []): Promise<Browser> {
  const rules = hosts.length ? [`--host-resolver-rules=${hosts.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`] : [];
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...rules] });
}
