// <kith-comments> for moderators: the subject's pending comments in a disclosure, Approve / Reject / Spam /
// Block author (asking about past comments), results and errors in place, focus kept.
import { sendKeys } from '@web/test-runner-commands';
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, clean, focused, loaded, mount, setup, shown } from '../support/comments.js';

describe('<kith-comments> moderation', () => {
  it('shows the queue only to moderators', async () => {
    const { server, comments } = await setup({ token: 'user-a' });
    comments.moderators.clear();
    comments.add('m/0', 'held', { status: 'pending' });
    const el = await mount('m/0');
    await loaded(el);
    await until(() => server.log.some((l) => l.path == 'comments/mine'), 'own data read');
    await sleep(100);
    ok(!$(el, '[part=moderation]'));
    eq(server.log.filter((l) => l.path.startsWith('moderation')).length, 0, 'no moderation request');
  });

  it('approves, rejects and blocks from the disclosure', async () => {
    const { server, comments } = await setup({ token: 'mod-1' });
    comments.add('m/1', 'visible');
    const a = comments.add('m/1', 'please approve', { status: 'pending', author: { name: 'Newbie' } });
    const b = comments.add('m/1', 'spammy', { status: 'pending', authorRef: 'spammer' });
    comments.add('m/1', 'old spam', { authorRef: 'spammer' });
    const el = await mount('m/1');
    await loaded(el);
    await until(() => $(el, '[part=moderation] .toggle'), 'queue');
    const summary = $(el, '[part=moderation] .toggle');
    eq(clean(summary.textContent), 'Moderation queue (2)');
    eq(summary.getAttribute('aria-expanded'), 'false');
    ok($(el, '#moderation-queue').hidden);
    summary.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => summary.getAttribute('aria-expanded') == 'true' && !$(el, '#moderation-queue').hidden, 'opened by keyboard');
    eq($$(el, '[part=queue-item]').map((li) => clean(li.querySelector('.body')!.textContent)), ['please approve', 'spammy']);
    $(el, `[part=moderation] [data-id="${a.id}"] [data-action=approve]`).click();
    await until(() => shown(el).includes('Newbie: please approve'), 'approved into the thread');
    eq(clean(summary.textContent), 'Moderation queue (1)');
    eq(clean(el.shadowRoot!.querySelector('[aria-live]')!.textContent), 'Approved.');
    ok(focused(el) && focused(el)!.closest('[part=moderation]'), 'focus stays in the queue');
    $(el, `[part=moderation] [data-id="${b.id}"] [data-action=block]`).click();
    await until(() => focused(el)?.getAttribute('data-action') == 'block-cancel', 'asks, focus on Cancel');
    eq(clean($(el, `[part=moderation] [data-id="${b.id}"] [role=group]`).textContent).startsWith('Block this author. Hide their past comments too?'), true);
    $(el, `[part=moderation] [data-id="${b.id}"] [data-action=block-hide]`).click();
    await until(() => clean(summary.textContent) == 'Moderation queue (0)', 'blocked');
    eq(server.log.filter((l) => l.path == 'moderation/authors/block').map((l) => l.body), [{ commentId: b.id, hidePast: true }]);
    ok(comments.blocked.has('spammer'));
    eq(clean($(el, '#moderation-queue p').textContent), 'Nothing is waiting for moderation.');
    eq(focused(el), summary, 'focus on the summary, not <body>');
  });

  it('shows an error inline and keeps the item', async () => {
    const { server, comments } = await setup({ token: 'mod-1' });
    const a = comments.add('m/2', 'held', { status: 'pending' });
    const el = await mount('m/2');
    await loaded(el);
    await until(() => $(el, '[part=moderation] .toggle'), 'queue');
    $(el, '[part=moderation] .toggle').click();
    server.fail('POST', 'moderation/comments/' + a.id, { status: 500, code: 'internal' }, 3);
    $(el, `[part=moderation] [data-id="${a.id}"] [data-action=reject]`).click();
    await until(() => $(el, '[part=moderation] [role=alert]'), 'error');
    eq(clean($(el, '[part=moderation] [role=alert]').textContent), 'That did not work. Please try again.');
    eq($$(el, '[part=queue-item]').length, 1);
  });
});
