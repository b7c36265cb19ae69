// End to end, a comment thread as its users meet it: the built bundle through the script tag on a host page
// under a strict CSP with Trusted Types, the real server (SQLite), Chromium. Two people on one page see each
// other's comments arrive live; replies, edits and deletes; a comment written offline is posted once; a
// moderator approves a held comment in the widget; and hostile Markdown and names render inert.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startHostPage, type HostPage } from './support/host-page.ts';
import { startKithServer, type KithServer } from './support/kith-server.ts';

let kith: KithServer;
let host: HostPage;
let browser: Browser;
const secrets = new Map<string, string>();
/** Every dialog any page opened (an alert() that ran): must stay empty. */
const dialogs: string[] = [];

async function createSite(id: string, ...options: string[]): Promise<void> {
  const created = await kith.cli('site', 'create', '--id', id, '--name', id, '--origin', host.origin, ...options);
  secrets.set(id, /^secret:\s+(\S+)/m.exec(created)![1]!);
}

/** What the host CRM's server signs for each page view. */
const tokenFor = (site: string, sub: string, claims: Record<string, unknown> = {}) =>
  new SignJWT({ name: sub[0]!.toUpperCase() + sub.slice(1), ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience(site)
    .setExpirationTime('30m')
    .sign(new TextEncoder().encode(secrets.get(site)!));

const threadPage = (site: string, subject: string, token?: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Record</title><link rel="icon" href="data:,">
<script src="${kith.url}/dist/kith.js" data-site="${site}"${token ? ` data-token="${token}"` : ''}></script></head>
<body><main><h1>Record</h1><kith-comments subject="${subject}"></kith-comments></main></body></html>`;

const api = (site: string, path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${kith.url}/v1/sites/${site}/${path}`, {
    ...init,
    headers: {
      'cache-control': 'no-cache',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

interface Listed {
  count: number;
  items: { id: string; tree: unknown; deleted?: true; replies?: { id: string; tree: unknown; deleted?: true }[] }[];
}
const list = async (site: string, subject: string): Promise<Listed> => (await api(site, `comments?subject=${encodeURIComponent(subject)}`)).json() as Promise<Listed>;

const intranetOrigin = () => host.origin.replace('127.0.0.1', 'crm.intranet.test');

/** Opens `path` (on the host page's origin unless `origin` is given) in `context` and waits until the thread has loaded. */
async function open(context: BrowserContext, path: string, origin = host.origin): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(origin + path);
  await page.waitForFunction(() => document.querySelector('kith-comments')?.matches(':state(loaded)'), undefined, { timeout: 15_000 });
  return page;
}

const thread = (page: Page) => page.locator('kith-comments');
const commentWith = (page: Page, text: string) => thread(page).locator('[part~=comment]').filter({ hasText: text });
const composerOf = (page: Page) => thread(page).getByRole('textbox', { name: /comment/i }).first();

async function post(page: Page, text: string): Promise<void> {
  await composerOf(page).fill(text);
  await thread(page).getByRole('button', { name: /^(post|send)/i }).first().click();
}

before(async () => {
  kith = await startKithServer([], { RATE_LIMIT_WRITES_PER_IP: '100000' });
  host = await startHostPage(kith.url);
  await createSite('crm', '--guests', 'none');
  await createSite('shop', '--guests', 'rate,comment', '--moderation', 'pre');
  // An intranet CRM on plain http under its own name: not a secure context.
  await kith.cli('site', 'update', 'crm', '--add-origin', intranetOrigin());
  browser = await launchChromium(['crm.intranet.test']);
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await kith?.stop();
});

describe('<kith-comments> through the script tag', () => {
  test('two people on one page: what A posts appears for B without a reload, within 2 s', async () => {
    host.set('/live-alice', threadPage('crm', 'account/live', await tokenFor('crm', 'alice')));
    host.set('/live-bob', threadPage('crm', 'account/live', await tokenFor('crm', 'bob')));
    const a = await browser.newContext();
    const b = await browser.newContext();
    try {
      const alice = await open(a, '/live-alice');
      const bob = await open(b, '/live-bob');
      await thread(bob).getByText(/no comments yet/i).waitFor();
      const posted = alice.waitForResponse((response) => response.request().method() == 'POST' && /\/comments\?/.test(response.url()));
      await post(alice, 'Renewal call went well, **send the quote** today.');
      await (await posted).finished();
      const started = Date.now();
      // Either inserted in place (the reader is at the top) or behind the "new comments" button.
      await bob.waitForFunction(
        () => {
          const root = document.querySelector('kith-comments')!.shadowRoot!;
          return /Renewal call went well/.test(root.textContent ?? '') || [...root.querySelectorAll('button')].some((button) => /new comment/i.test(button.textContent ?? ''));
        },
        undefined,
        { timeout: 2_000 },
      );
      console.log(`  live: B saw A's comment ${Date.now() - started} ms after the POST answered`);
      // Nothing stole the reader's focus; a polite live region carries the news.
      assert.equal(await bob.evaluate(() => document.activeElement === document.body), true);
      assert.match(await thread(bob).locator('[aria-live=polite]').first().innerText(), /new comment/i);
      const more = thread(bob).getByRole('button', { name: /new comment/i });
      if (await more.count()) await more.click();
      await commentWith(bob, 'Renewal call went well').locator('strong', { hasText: 'send the quote' }).waitFor();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('reply, edit and delete own comments', async () => {
    const aliceToken = await tokenFor('crm', 'alice');
    host.set('/rep-alice', threadPage('crm', 'account/replies', aliceToken));
    const bobToken = await tokenFor('crm', 'bob');
    const created = await api('crm', 'comments?subject=account%2Freplies', { method: 'POST', token: bobToken, body: JSON.stringify({ body: 'Who owns this account?' }) });
    assert.equal(created.status, 201);
    const context = await browser.newContext();
    try {
      const page = await open(context, '/rep-alice');
      const bobs = commentWith(page, 'Who owns this account?');
      await bobs.getByRole('button', { name: /^reply/i }).click();
      const replyBox = thread(page).getByRole('textbox', { name: /reply/i });
      await replyBox.fill('I do, since March.');
      const saved = page.waitForResponse((response) => response.request().method() == 'POST' && /\/comments\?/.test(response.url()));
      await thread(page).getByRole('button', { name: /^(post|send) reply/i }).click();
      assert.equal((await saved).status(), 201);
      await commentWith(page, 'I do, since March.').waitFor();
      let listed = await list('crm', 'account/replies');
      assert.equal(listed.items.length, 1);
      assert.equal(listed.items[0]!.replies?.length, 1, 'the reply sits under Bob\'s comment');

      const mine = commentWith(page, 'I do, since March.');
      await mine.getByRole('button', { name: /^edit/i }).click();
      const editBox = thread(page).getByRole('textbox', { name: /edit/i });
      await editBox.fill('I do, since *April*.');
      await thread(page).getByRole('button', { name: /^save/i }).click();
      await commentWith(page, 'I do, since April.').locator('em').waitFor();
      await commentWith(page, 'I do, since April.').getByText(/edited/i).waitFor();

      await commentWith(page, 'I do, since April.').getByRole('button', { name: /^delete/i }).click();
      const deleted = page.waitForResponse((response) => response.request().method() == 'DELETE' && /\/comments\//.test(response.url()));
      await thread(page).getByRole('button', { name: /^(yes, )?delete/i }).last().click();
      assert.equal((await deleted).status(), 200);
      await commentWith(page, 'I do, since April.').waitFor({ state: 'detached' });
      // Focus went somewhere sensible, never to <body>.
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'KITH-COMMENTS');
      listed = await list('crm', 'account/replies');
      assert.equal(listed.count, 1, 'only Bob\'s comment is left visible');
      // Bob's comment is still there, unchanged.
      await commentWith(page, 'Who owns this account?').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a comment written offline is shown pending and posted exactly once when back online', async () => {
    host.set('/offline', threadPage('crm', 'account/offline', await tokenFor('crm', 'carol')));
    const context = await browser.newContext();
    try {
      const page = await open(context, '/offline');
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() == 'POST' && /\/comments\?/.test(request.url())) posts.push(request.headers()['idempotency-key'] ?? '');
      });
      await context.setOffline(true);
      await post(page, 'Written on the train.');
      await commentWith(page, 'Written on the train.').getByText(/not sent yet|pending|offline/i).waitFor();
      await context.setOffline(false);
      await page.waitForFunction(() => !/not sent yet/i.test(document.querySelector('kith-comments')!.shadowRoot!.textContent ?? ''), undefined, { timeout: 20_000 });
      const listed = await list('crm', 'account/offline');
      assert.equal(listed.count, 1, 'posted once');
      assert.equal(new Set(posts.filter(Boolean)).size, 1, `one idempotency key for every attempt (${posts.length} attempts)`);
    } finally {
      await context.close();
    }
  });

  test('an intranet CRM on plain http (not a secure context): a comment and a rating are still written', async () => {
    host.set(
      '/intranet',
      threadPage('crm', 'account/intranet', await tokenFor('crm', 'erin')).replace('<kith-comments', '<kith-rating subject="account/intranet"></kith-rating><kith-comments'),
    );
    const context = await browser.newContext();
    try {
      const page = await open(context, '/intranet', intranetOrigin());
      assert.equal(await page.evaluate(() => isSecureContext), false, 'the page is not a secure context');
      await post(page, 'Filed from the intranet.');
      await commentWith(page, 'Filed from the intranet.').waitFor();
      await page.waitForFunction(() => !/not sent yet|failed/i.test(document.querySelector('kith-comments')!.shadowRoot!.textContent ?? ''), undefined, { timeout: 10_000 });
      await page.locator('kith-rating').getByRole('radio', { name: '4 stars', exact: true }).click();
      await page.waitForFunction(() => !document.querySelector('kith-rating')!.matches(':state(pending)'), undefined, { timeout: 10_000 });
      const listed = await list('crm', 'account/intranet');
      assert.equal(listed.count, 1);
      const rating = (await (await api('crm', 'ratings?subject=account%2Fintranet')).json()) as { count: number };
      assert.equal(rating.count, 1);
    } finally {
      await context.close();
    }
  });

  test('a product page: the loader starts the thread\'s first page and the counts\' one batch; reading needs no ky', async () => {
    await api('crm', 'comments?subject=product%2Fprefetch', { method: 'POST', token: await tokenFor('crm', 'frank'), body: JSON.stringify({ body: 'First!' }) });
    host.set(
      '/prefetch',
      threadPage('crm', 'product/prefetch').replace(
        '<main>',
        '<main><kith-comments variant="count" subject="product/a"></kith-comments><kith-comments variant="count" subject="product/b"></kith-comments>',
      ),
    );
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      const scripts: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/v1/')) requests.push(`${request.method()} ${url.pathname.replace(/^\/v1\/sites\/\w+\//, '')}${url.search}`);
        if (url.pathname.endsWith('.js')) scripts.push(url.pathname.replace('/dist/', ''));
      });
      await page.goto(host.origin + '/prefetch');
      await page.waitForFunction(() => document.querySelector('kith-comments:not([variant])')?.matches(':state(loaded)'));
      const beforeShown = [...scripts];
      await page.waitForFunction(() => [...document.querySelectorAll('kith-comments')].every((element) => element.matches(':state(loaded)')));
      await page.waitForTimeout(500);
      const reads = requests.filter((request) => !request.startsWith('GET live'));
      assert.deepEqual(reads.sort(), ['GET comments/counts?subject=product%2Fa&subject=product%2Fb', 'GET comments?subject=product%2Fprefetch&sort=newest', 'GET policy']);
      // The write path (ky) is not needed to read; the live chunks come after the first widgets showed (the counts).
      assert.ok(!beforeShown.some((file) => /ky/.test(file)), `loaded before the thread showed: ${beforeShown.join(', ')}`);
      await commentWith(page, 'First!').waitFor();
      assert.equal(requests.filter((request) => request.startsWith('GET live')).length, 1, 'one stream for the thread and both counts, after it showed');
    } finally {
      await context.close();
    }
  });

  test('pre-moderation: a held comment shows "awaiting moderation" to its author; a moderator approves it in the widget', async () => {
    host.set('/shop-dana', threadPage('shop', 'product/held', await tokenFor('shop', 'dana')));
    host.set('/shop-mod', threadPage('shop', 'product/held', await tokenFor('shop', 'morgan', { role: 'moderator' })));
    host.set('/shop-guest', threadPage('shop', 'product/held'));
    const authors = await browser.newContext();
    const moderators = await browser.newContext();
    const guests = await browser.newContext();
    try {
      const dana = await open(authors, '/shop-dana');
      await post(dana, 'Arrived in two days, works as described.');
      await commentWith(dana, 'Arrived in two days').getByText(/awaiting moderation/i).waitFor();
      assert.equal((await list('shop', 'product/held')).count, 0, 'held: not public yet');

      const mod = await open(moderators, '/shop-mod');
      await thread(mod).getByRole('button', { name: /moderation queue/i }).click();
      const held = thread(mod).locator('[part~=queue]').filter({ hasText: 'Arrived in two days' });
      await held.getByRole('button', { name: /^approve/i }).click();
      await held.waitFor({ state: 'detached' });
      assert.equal((await list('shop', 'product/held')).count, 1, 'approved: public');
      const log = await kith.cli('moderation', 'log', '--site', 'shop');
      assert.match(log, /approve/);
      assert.match(log, /user:morgan/);

      const guest = await open(guests, '/shop-guest');
      await commentWith(guest, 'Arrived in two days').waitFor();
      assert.equal(await commentWith(guest, 'Arrived in two days').getByText(/awaiting moderation/i).count(), 0);
    } finally {
      await authors.close();
      await moderators.close();
      await guests.close();
    }
  });

  test('Markdown and names that carry script, event handlers, javascript: links and raw HTML render inert', async () => {
    await createSite('hostile', '--guests', 'none');
    const subject = 'product/hostile';
    // One hostile author per comment: the flood limit (5 a minute per author) is not what is tested here.
    const evil = (n: number) => tokenFor('hostile', `mallory${n}`, { name: '<img src=x onerror=alert(1)><script>alert(2)</script>', avatar: 'javascript:alert(3)' });
    const bodies = [
      '<script>alert(4)</script>',
      '<img src=x onerror=alert(5)>',
      '[click me](javascript:alert(6))',
      '[click me too](JaVaScRiPt&colon;alert(7))',
      '<a href="javascript:alert(8)">raw link</a>',
      '![pic](javascript:alert(9))',
      '<svg onload=alert(10)></svg>',
      '<iframe src="javascript:alert(11)"></iframe>',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)',
      '<details open ontoggle=alert(13)>',
      '`<b onmouseover=alert(14)>code</b>`',
    ];
    for (const [n, body] of bodies.entries()) {
      const response = await api('hostile', `comments?subject=${encodeURIComponent(subject)}`, { method: 'POST', token: await evil(n), body: JSON.stringify({ body }) });
      assert.equal(response.status, 201, `${body}: ${await response.text()}`);
    }
    host.set('/hostile', threadPage('hostile', subject, await tokenFor('hostile', 'victim')));
    const context = await browser.newContext();
    try {
      const page = await open(context, '/hostile');
      await commentWith(page, '<script>alert(4)</script>').waitFor();
      // Hover and click everything a user might.
      for (const link of await thread(page).locator('[part~=comment] a').all()) await link.hover();
      await page.waitForTimeout(300);
      const found = await page.evaluate(() => {
        const problems: string[] = [];
        const walk = (root: Document | ShadowRoot) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.shadowRoot) walk(element.shadowRoot);
            if (root === document) continue;
            const tag = element.tagName.toLowerCase();
            if (['script', 'iframe', 'object', 'embed', 'details', 'style'].includes(tag)) problems.push(`<${tag}>`);
            for (const attribute of element.attributes) {
              if (/^on/i.test(attribute.name)) problems.push(`${tag}[${attribute.name}]`);
              if (/^\s*(javascript|data|vbscript):/i.test(attribute.value)) problems.push(`${tag}[${attribute.name}=${attribute.value}]`);
            }
          }
        };
        walk(document);
        return problems;
      });
      assert.deepEqual(found, []);
      assert.deepEqual(dialogs, [], 'no script ran');
      // The text is shown, as text.
      await commentWith(page, '<img src=x onerror=alert(5)>').waitFor();
      await thread(page).getByText('<img src=x onerror=alert(1)><script>alert(2)</script>').first().waitFor();
    } finally {
      await context.close();
    }
  });
});
