// Guests on sites that defend against ballot stuffing: visitor tokens that live days and are renewed for
// the same visitor without the guest noticing, and a proof of work before a token is made, where the site
// asks for one.
import { get } from 'idb-keyval';
import { sitePrefix } from '../../src/core/config.js';
import { visitorTokenStore } from '../../src/core/identity.js';
import { outboxState } from '../../src/core/outbox-queue.js';
import { eq, ok, sleep, until } from '../support/assert.js';
import { loaded, mount, setup, stars, text } from '../support/rating.js';

describe('<kith-rating> guests', () => {
  it('renews an expired visitor token once, silently, and the guest still votes as the same visitor', async () => {
    const s = await setup({ token: null });
    s.seed('g/1', [0, 0, 0, 0, 0]);
    s.seed('g/2', [0, 0, 0, 0, 0]);
    s.seed('g/3', [0, 0, 0, 0, 0]);
    const first = await mount('g/1');
    await loaded(first);
    stars(first)[3]!.click();
    await until(() => s.votes.get('g/1')?.get('guest-1') == 4, 'the first vote, as guest-1');
    s.expired.add('guest-1'); // a week later
    const [second, third] = await Promise.all([mount('g/2'), mount('g/3')]);
    await Promise.all([loaded(second), loaded(third)]);
    stars(second)[1]!.click();
    stars(third)[4]!.click();
    await until(() => s.votes.get('g/2')?.get('guest-1') == 2 && s.votes.get('g/3')?.get('guest-1') == 5, 'both votes, still as guest-1');
    eq(s.log.filter((l) => l.path == 'visitors/renew').length, 1, 'renewed once for both writes');
    eq(s.log.filter((l) => l.path == 'visitors').length, 1, 'no new visitor');
    eq(await get(sitePrefix(), visitorTokenStore), 'guest-1.renewed', 'the new token is kept for the next page');
    ok(!text(second, 'message').includes('sign in'), text(second, 'message'));
  });

  it('makes a new visitor when the old token can no longer be renewed (too old, or revoked)', async () => {
    const s = await setup({ token: null });
    s.seed('g/4', [0, 0, 0, 0, 0]);
    s.seed('g/5', [0, 0, 0, 0, 0]);
    const first = await mount('g/4');
    await loaded(first);
    stars(first)[2]!.click();
    await until(() => s.votes.get('g/4')?.get('guest-1') == 3, 'first vote');
    s.expired.add('guest-1');
    s.unrenewable.add('guest-1');
    const second = await mount('g/5');
    await loaded(second);
    stars(second)[2]!.click();
    await until(() => s.votes.get('g/5')?.get('guest-2') == 3, 'voted as a new visitor');
    eq(await get(sitePrefix(), visitorTokenStore), 'guest-2');
  });

  it('keeps the token and the vote when the renewal cannot reach the server', async () => {
    const s = await setup({ token: null });
    s.seed('g/6', [0, 0, 0, 0, 0]);
    s.seed('g/7', [0, 0, 0, 0, 0]);
    const first = await mount('g/6');
    await loaded(first);
    stars(first)[0]!.click();
    await until(() => s.votes.get('g/6')?.get('guest-1') == 1, 'first vote');
    s.expired.add('guest-1');
    s.fail('POST', 'visitors/renew', 'network', 2); // the own-vote read's renewal, then the write's
    const second = await mount('g/7');
    await loaded(second);
    stars(second)[4]!.click();
    await until(() => text(second, 'message') == 'Will be sent when you are back online', 'waiting, not lost');
    eq(await get(sitePrefix(), visitorTokenStore), 'guest-1', 'the old token is kept');
    eq(outboxState.queue.filter((entry) => entry.path.includes('g%2F7') || entry.path.includes('g/7')).length, 1, 'the vote is still queued');
    eq(s.log.filter((l) => l.path == 'visitors').length, 1, 'no new visitor was made');
    dispatchEvent(new Event('online'));
    await until(() => s.votes.get('g/7')?.get('guest-1') == 5, 'sent as guest-1 once back online');
  });

  it('solves the site’s proof of work before the first guest token, with nothing to see', async () => {
    const s = await setup({ token: null });
    s.proofOfWork = true;
    s.seed('g/8', [0, 0, 0, 0, 0]);
    const el = await mount('g/8');
    await loaded(el);
    stars(el)[3]!.click();
    await until(() => text(el, 'message') == 'Saving…', 'only the usual "Saving…" while it solves');
    await until(() => s.votes.get('g/8')?.get('guest-1') == 4, 'voted after solving');
    const minted = s.log.find((l) => l.path == 'visitors')!;
    ok(typeof (minted.body as { altcha?: string }).altcha == 'string', 'POST visitors carried the solution');
    eq(s.log.filter((l) => l.path == 'visitors/challenge').length, 1);
    await sleep(0);
  });

  it('solves it when the server asks although the policy did not say so (changed since)', async () => {
    const s = await setup({ token: null });
    s.seed('g/9', [0, 0, 0, 0, 0]);
    const el = await mount('g/9');
    await loaded(el);
    s.proofOfWork = true;
    stars(el)[1]!.click();
    await until(() => s.votes.get('g/9')?.get('guest-1') == 2, 'voted after the refusal and a solution');
    eq(s.log.filter((l) => l.path == 'visitors').map((l) => !!(l.body as { altcha?: string } | undefined)?.altcha), [false, true]);
  });

  it('replaces a revoked visitor token with a new visitor, and the vote goes through', async () => {
    const s = await setup({ token: null });
    s.seed('g/10', [0, 0, 0, 0, 0]);
    s.seed('g/11', [0, 0, 0, 0, 0]);
    const first = await mount('g/10');
    await loaded(first);
    stars(first)[4]!.click();
    await until(() => s.votes.get('g/10')?.get('guest-1') == 5, 'first vote');
    s.revoked.add('guest-1'); // a moderator revoked it
    const second = await mount('g/11');
    await loaded(second);
    stars(second)[4]!.click();
    await until(() => s.votes.get('g/11')?.get('guest-2') == 5, 'voted as a new visitor');
    eq(await get(sitePrefix(), visitorTokenStore), 'guest-2');
  });

  it('solves a fresh challenge once when the server refuses a solution (it expired while solving)', async () => {
    const s = await setup({ token: null });
    s.proofOfWork = true;
    s.fail('POST', 'visitors', { status: 400, code: 'proof_of_work_invalid' });
    s.seed('g/12', [0, 0, 0, 0, 0]);
    const el = await mount('g/12');
    await loaded(el);
    stars(el)[0]!.click();
    await until(() => s.votes.get('g/12')?.get('guest-1') == 1, 'voted');
    eq(s.log.filter((l) => l.path == 'visitors/challenge').length, 2);
  });

  it('says so when the site’s cap on guest votes from one network is reached, and takes the vote back', async () => {
    const s = await setup({ token: null });
    s.seed('g/13', [0, 0, 1, 0, 0]);
    s.fail('PUT', 'ratings/mine', { status: 403, code: 'guest_vote_limit' });
    const el = await mount('g/13');
    await loaded(el);
    const errors: { code: string; reverted?: boolean }[] = [];
    el.addEventListener('kith-error', (event) => errors.push({ code: event.detail.code, reverted: event.detail.reverted }));
    stars(el)[4]!.click();
    await until(() => text(el, 'message') == 'Too many guest ratings from your network today. Sign in to rate.', 'the cap named');
    eq(errors, [{ code: 'guest_vote_limit', reverted: true }]);
    eq(text(el, 'count'), '3 · 1 rating', 'the vote taken back');
    eq(s.log.filter((l) => l.method == 'PUT').length, 1, 'not retried');
  });
});
