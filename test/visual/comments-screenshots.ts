// <kith-comments> for `npm run screenshots` (run from screenshots.ts, which passes its server, host page,
// browser and helpers): the demo's seeded thread (product/42 on the demo site) in light, dark, forced colors,
// 320 px at a 20 px host font, a 12 px host font, Arabic and Japanese; the count in a CRM-like table; and
// every state a reader or writer meets. Files: comments-<state>-<look>.png. Extra sites come from the admin
// CLI, extra comments from the REST API with tokens signed by the site's secret (as test/e2e/comments.test.ts
// does); states the server would not show on demand (loading, error, offline) hold or fail requests in the
// browser.
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { KithServer } from '../e2e/support/kith-server.ts';
import type { HostPage } from '../e2e/support/host-page.ts';

export interface Look {
  scheme?: 'light' | 'dark';
  forcedColors?: boolean;
  width?: number;
}

export interface ScreenshotKit {
  kith: KithServer;
  host: HostPage;
  browser: Browser;
  open(look: Look, url: string, route?: (page: Page) => Promise<void>): Promise<{ page: Page; context: BrowserContext }>;
  shoot(name: string, page: Page, selector?: string): Promise<void>;
}

export async function commentsScreenshots({ kith, host, open, shoot }: ScreenshotKit): Promise<void> {
  const secrets = new Map<string, string>();
  const createSite = async (id: string, ...options: string[]) => {
    const created = await kith.cli('site', 'create', '--id', id, '--name', id, ...options);
    secrets.set(id, /^secret:\s+(\S+)/m.exec(created)![1]!);
  };
  const tokenFor = (site: string, sub: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ name: sub[0]!.toUpperCase() + sub.slice(1), ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setAudience(site)
      .setExpirationTime('30m')
      .sign(new TextEncoder().encode(secrets.get(site)!));
  /** The demo site's own token route signs with its secret (which the CLI never prints). */
  const demoToken = async (user: string, name: string) =>
    ((await (await fetch(`${kith.url}/demo/token?user=${user}&name=${encodeURIComponent(name)}`)).json()) as { token: string }).token;
  const post = async (site: string, subject: string, token: string, body: string, parentId?: string) => {
    const response = await fetch(`${kith.url}/v1/sites/${site}/comments?subject=${encodeURIComponent(subject)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ body, ...(parentId ? { parentId } : {}) }),
    });
    if (response.status != 201) throw new Error(`POST comment on ${site}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { comment?: { id: string }; id?: string });
  };

  // The demo site (seeded comments on product/42 and account/1001) also answers the host page's origin.
  await kith.cli('site', 'update', 'demo', '--add-origin', host.origin);
  await createSite('cmembers', '--origin', host.origin, '--guests', 'none');
  await createSite('cheld', '--origin', host.origin, '--guests', 'none', '--moderation', 'pre');
  await createSite('celsewhere', '--origin', 'https://shop.elsewhere.example', '--guests', 'rate,comment');

  const alice = await demoToken('alice', 'Alice Example');
  // Alice's own comment on the demo product, so the thread shows Edit/Delete on one of them.
  await post('demo', 'product/42', alice, 'Does it come with a **milk jug**, or is that sold separately?');
  // A held comment on the pre-moderated site: its author sees it marked, a moderator finds it in the queue.
  const dana = await tokenFor('cheld', 'dana', { name: 'Dana Scully' });
  await post('cheld', 'product/held', await tokenFor('cheld', 'erin', { name: 'Erin Brockovich' }), 'Is the water tank removable for cleaning?');
  await post('cheld', 'product/held', dana, 'Arrived in two days, works as described. Coupon at https://example.com/deal');
  const moderator = await tokenFor('cheld', 'morgan', { name: 'Morgan Moderator', role: 'moderator' });

  const page = (opts: { site: string; body: string; token?: string; font?: number; lang?: string; dark?: boolean; extra?: string }) =>
    `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>comments</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${opts.site}"${opts.token ? ` data-token="${opts.token}"` : ''}></script></head>
<body style="font: ${opts.font ?? 16}px system-ui, sans-serif; margin: 16px;${opts.dark ? ' background: #17181b; color: #e8e8ea; color-scheme: dark;' : ''}${opts.extra ?? ''}">${opts.body}</body></html>`;
  const thread = (subject = 'product/42', attrs = '') => `<main><h1>Espresso machine</h1><kith-comments id="comments" subject="${subject}" ${attrs}></kith-comments></main>`;

  const stateOf = (p: Page, states: string, timeout = 15_000) =>
    p.waitForFunction((s) => document.querySelector('kith-comments')?.matches(s), states, { timeout });
  const loaded = (p: Page) => stateOf(p, ':state(loaded)');
  const root = (p: Page) => p.locator('kith-comments').first();
  /** The thread's list request (not comments/mine, /counts, /preview or /thread). */
  const isList = (site: string) => (url: URL) => url.pathname == `/v1/sites/${site}/comments`;

  let n = 0;
  async function shot(name: string, look: Look, html: { site: string; body: string; token?: string; font?: number; lang?: string; extra?: string }, wait: (p: Page) => Promise<unknown>, act?: (p: Page) => Promise<unknown>, route?: (p: Page) => Promise<void>) {
    const path = `/comments-${++n}`;
    host.set(path, page({ ...html, dark: look.scheme == 'dark' }));
    // Two tries: a widget that never rendered is reported with what the page said, and tried once more.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const errors: string[] = [];
      const listen = async (p: Page) => {
        p.on('pageerror', (e) => errors.push(e.message));
        p.on('console', (m) => void (m.type() == 'error' && errors.push(m.text())));
        p.on('requestfailed', (r) => void errors.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
        await route?.(p);
      };
      const { page: p, context } = await open(look, host.origin + path, listen);
      try {
        await wait(p);
        await act?.(p);
        await p.mouse.move(0, 0);
        await shoot(`comments-${name}`, p, 'body');
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) console.log(`comments-${name}: horizontal overflow ${overflow} px`);
        return;
      } catch (error) {
        console.log(`comments-${name}: attempt ${attempt} FAILED ${(error as Error).message.split('\n')[0]}; page said: ${errors.join('; ') || 'nothing'}`);
        if (attempt == 2) await shoot(`comments-${name}-FAILED`, p);
      } finally {
        await context.close();
      }
    }
  }

  // The seeded thread, read by a signed-in user (Alice), in each look.
  const looks: Array<[string, Look, { font?: number; lang?: string }]> = [
    ['light', {}, {}],
    ['dark', { scheme: 'dark' }, {}],
    ['forced', { forcedColors: true }, {}],
    ['320px-20px', { width: 320 }, { font: 20 }],
    ['12px', {}, { font: 12 }],
    ['ar', {}, { lang: 'ar' }],
    ['ja', {}, { lang: 'ja' }],
  ];
  for (const [suffix, look, options] of looks) await shot(`thread-${suffix}`, look, { site: 'demo', body: thread(), token: alice, ...options }, loaded);

  // The count in a CRM-like table: 13 px, a 120 px cell, 12 accounts (account/1001 has the seeded comments).
  const rows = Array.from(
    { length: 12 },
    (_, i) =>
      `<tr><td style="padding:2px 6px">Account ${1001 + i}</td><td style="padding:2px 6px">Owner ${i + 1}</td><td style="width:120px;max-width:120px;padding:2px 6px"><kith-comments variant="count" subject="account/${1001 + i}" href="#record"></kith-comments></td></tr>`,
  ).join('');
  const table = `<table style="font-size:13px;border-collapse:collapse" border="1"><thead><tr><th>Account</th><th>Owner</th><th style="width:120px">Comments</th></tr></thead><tbody>${rows}</tbody></table>`;
  const countsLoaded = (p: Page) =>
    p.waitForFunction(() => [...document.querySelectorAll('kith-comments')].every((e) => e.matches(':state(loaded), :state(error)')), undefined, { timeout: 15_000 });
  for (const [suffix, look] of [['light', {}], ['dark', { scheme: 'dark' }], ['forced', { forcedColors: true }]] as Array<[string, Look]>)
    await shot(`count-crm-table-${suffix}`, { ...look, width: 480 }, { site: 'demo', body: table }, countsLoaded);

  // States.
  const hold = (site: string) => async (p: Page) => void (await p.route(isList(site), () => new Promise<void>(() => {})));
  const fail = (site: string) => async (p: Page) =>
    void (await p.route(isList(site), (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'unavailable' } }) })));
  await shot('loading-light', {}, { site: 'demo', body: thread(), token: alice }, (p) => stateOf(p, ':state(loading)').then(() => p.waitForTimeout(500)), undefined, hold('demo'));
  await shot('empty-light', {}, { site: 'demo', body: thread('product/no-comments-yet'), token: alice }, (p) => stateOf(p, ':state(empty)'));
  await shot('error-light', {}, { site: 'demo', body: thread(), token: alice }, (p) => stateOf(p, ':state(error)', 30_000), undefined, fail('demo'));
  await shot('not-set-up-light', {}, { site: 'celsewhere', body: thread() }, (p) => stateOf(p, ':state(error)'));
  await shot('guest-members-only-light', {}, { site: 'cmembers', body: thread('product/members', 'sign-in-url="/login"') }, (p) => stateOf(p, ':state(sign-in)'));

  const type = async (p: Page, text: string) => {
    await root(p).getByRole('textbox', { name: /your comment/i }).fill(text);
  };
  await shot('preview-light', {}, { site: 'demo', body: thread(), token: alice }, loaded, async (p) => {
    await type(p, 'Pulled my first shot today:\n\n- **18 g** in, *36 g* out\n- [link to the manual](https://example.com/manual)\n\n`28 s`, no channeling.');
    await root(p).getByRole('tab', { name: /preview/i }).first().click();
    await p.waitForFunction(() => {
      const panel = document.querySelector('kith-comments')!.shadowRoot!.querySelector('.preview');
      return panel && panel.getAttribute('aria-busy') != 'true' && panel.querySelector('strong');
    }, undefined, { timeout: 10_000 });
  });
  await shot('pending-offline-light', {}, { site: 'demo', body: thread(), token: alice }, loaded, async (p) => {
    await root(p).locator('[part~=comment]').filter({ hasText: 'milk jug' }).getByRole('button', { name: /^edit/i }).waitFor();
    await p.context().setOffline(true);
    await type(p, 'Written on the train, without signal.');
    await root(p).getByRole('button', { name: /^post/i }).first().click();
    await root(p).locator('[part~=comment]').filter({ hasText: 'Written on the train' }).getByText(/not sent yet/i).waitFor({ timeout: 10_000 });
  });
  await shot('held-light', {}, { site: 'cheld', body: thread('product/held'), token: dana }, (p) => stateOf(p, ':state(loaded), :state(empty)').then(() => root(p).getByText(/awaiting moderation/i).waitFor({ timeout: 10_000 })));
  for (const [suffix, look] of [['light', {}], ['forced', { forcedColors: true }]] as Array<[string, Look]>) {
    await shot(`reply-${suffix}`, look, { site: 'demo', body: thread(), token: alice }, loaded, async (p) => {
      await root(p).locator('[part~=comment]').filter({ hasText: 'Arrived with a dent' }).getByRole('button', { name: /^reply/i }).click();
      await root(p).getByRole('textbox', { name: /reply/i }).fill('Good to know, thanks!');
    });
    await shot(`delete-confirm-${suffix}`, look, { site: 'demo', body: thread(), token: alice }, loaded, async (p) => {
      await root(p).locator('[part~=comment]').filter({ hasText: 'milk jug' }).getByRole('button', { name: /^delete/i }).click();
      await root(p).getByText(/delete this comment/i).waitFor();
    });
    await shot(`moderator-queue-${suffix}`, look, { site: 'cheld', body: thread('product/held'), token: moderator }, (p) => stateOf(p, ':state(loaded), :state(empty)'), async (p) => {
      await root(p).getByRole('button', { name: /moderation queue/i }).click();
      await root(p).locator('[part~=queue-item]').first().waitFor({ timeout: 10_000 });
    });
  }
}
