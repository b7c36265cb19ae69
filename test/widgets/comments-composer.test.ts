// <kith-comments>: writing. Post, preview, reply, edit and delete with focus where it belongs; votes; the
// outbox (pending offline, after a reload, sent once); refusals that give the text back; guests.
import { sendKeys } from '@web/test-runner-commands';
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, article, button, clean, events, focused, loaded, mount, setup, shown, type } from '../support/comments.js';

/** Ctrl+Enter, as a user presses it. */
const ctrlEnter = async () => {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Control' });
};
const textarea = (el: HTMLElement, kind = 'new') => el.shadowRoot!.querySelector<HTMLTextAreaElement>(`#composer-${kind}-text`)!;

describe('<kith-comments> writing', () => {
  it('posts with Ctrl+Enter: shown at once, sent once with an Idempotency-Key, then the server’s', async () => {
    const { server, comments } = await setup();
    comments.add('w/1', 'older');
    const el = await mount('w/1');
    await loaded(el);
    const created = events(el, 'kith-comment');
    const field = textarea(el);
    eq(el.shadowRoot!.querySelector(`label[for=composer-new-text]`)!.textContent, 'Your comment', 'a visible label');
    type(field, 'Hello **there**');
    await ctrlEnter();
    await until(() => shown(el)[0] == 'you: Hello **there**' || shown(el)[0]?.endsWith('Hello **there**'), 'shown at once');
    eq(field.value, '', 'the form is emptied');
    eq(focused(el), field, 'focus stays in the form');
    await until(() => created.length == 1, 'confirmed');
    eq(created[0].action, 'created');
    eq(created[0].subject, 'w/1');
    await until(() => shown(el)[0] == 'User user-a: Hello **there**', 'the server’s comment');
    const posts = server.log.filter((l) => l.method == 'POST' && l.path == 'comments');
    eq(posts.length, 1);
    ok(posts[0]!.key, 'Idempotency-Key');
    eq(posts[0]!.body, { body: 'Hello **there**' });
    eq(clean($(el, '.total').textContent), '2 comments');
    eq(clean($(el, '[aria-live]').textContent), 'Your comment was posted.');
  });

  it('previews through the server, in tabs operable by arrow keys', async () => {
    const { server } = await setup();
    const el = await mount('w/2');
    await loaded(el);
    type(textarea(el), 'First paragraph\n\nSecond');
    const [write, preview] = $$(el, '[role=tab]');
    eq(write!.getAttribute('aria-selected'), 'true');
    write!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => $(el, '[role=tabpanel] p'), 'preview rendered');
    eq(focused(el), preview, 'focus on the Preview tab');
    eq(preview!.getAttribute('aria-selected'), 'true');
    eq($$(el, '[role=tabpanel] p').map((p) => p.textContent), ['First paragraph', 'Second']);
    ok(textarea(el).hidden);
    eq(server.log.filter((l) => l.path == 'comments/preview').length, 1);
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    ok(!textarea(el).hidden && textarea(el).value == 'First paragraph\n\nSecond', 'the text is still there');
  });

  it('replies under the comment; Escape cancels and returns focus to Reply', async () => {
    const { comments } = await setup();
    const parent = comments.add('w/3', 'parent', { author: { name: 'Pat' } });
    comments.add('w/3', 'other');
    const el = await mount('w/3');
    await loaded(el);
    button(el, parent.id, 'reply').click();
    await until(() => focused(el) == textarea(el, 'reply'), 'focus in the reply form');
    eq(el.shadowRoot!.querySelector('label[for=composer-reply-text]')!.textContent, 'Your reply to Pat');
    const form = $(el, '.reply-form');
    eq(form.previousElementSibling?.getAttribute('data-id'), parent.id, 'right under the comment');
    await sendKeys({ press: 'Escape' });
    await until(() => !$(el, '.reply-form'), 'closed');
    eq(focused(el), button(el, parent.id, 'reply'));
    button(el, parent.id, 'reply').click();
    await until(() => focused(el) == textarea(el, 'reply'), 'open again');
    type(textarea(el, 'reply'), 'my answer');
    await ctrlEnter();
    await until(() => shown(el).includes('User user-a: my answer'), 'reply confirmed');
    const reply = $$(el, '[part~=comment]').find((a) => a.textContent!.includes('my answer'))!;
    ok(reply.classList.contains('d1'));
    eq(reply.previousElementSibling?.getAttribute('data-id'), parent.id, 'under its parent');
    eq(focused(el), reply, 'focus on the reply (it moved from the pending one to the confirmed one)');
  });

  it('edits an own comment from its Markdown source', async () => {
    const { server, comments } = await setup();
    const mine = comments.add('w/4', 'typo hier', { authorRef: 'user-a', author: { name: 'Me' } });
    const el = await mount('w/4');
    await loaded(el);
    await until(() => button(el, mine.id, 'edit'), 'Edit on own comments');
    eq(button(el, mine.id, 'up').disabled, true, 'no votes on own comments');
    const changes = events(el, 'kith-comment');
    button(el, mine.id, 'edit').click();
    await until(() => focused(el) == textarea(el, 'edit'), 'focus in the edit form');
    eq(textarea(el, 'edit').value, 'typo hier');
    type(textarea(el, 'edit'), 'typo here');
    await ctrlEnter();
    await until(() => changes.length == 1, 'confirmed');
    eq(changes[0].action, 'edited');
    eq(shown(el), ['Me: typo here']);
    ok(article(el, mine.id).querySelector('time.edited'), 'marked edited');
    eq(server.log.filter((l) => l.method == 'PATCH').map((l) => l.body), [{ body: 'typo here' }]);
    eq(focused(el), article(el, mine.id), 'focus on the comment, not <body>');
  });

  it('deletes after asking in place; focus moves to the next comment', async () => {
    const { comments } = await setup();
    comments.add('w/5', 'older one');
    const mine = comments.add('w/5', 'mine', { authorRef: 'user-a' });
    const el = await mount('w/5');
    await loaded(el);
    await until(() => button(el, mine.id, 'delete'), 'Delete on own comments');
    button(el, mine.id, 'delete').click();
    await until(() => focused(el) == button(el, mine.id, 'delete-no'), 'focus on Cancel');
    ok(clean(article(el, mine.id).textContent).includes('Delete this comment?'));
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el) == button(el, mine.id, 'delete'), 'back on Delete');
    button(el, mine.id, 'delete').click();
    await until(() => button(el, mine.id, 'delete-yes'), 'asked');
    const deleted = events(el, 'kith-comment');
    button(el, mine.id, 'delete-yes').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => deleted.length == 1, 'deleted on the server');
    await until(() => !article(el, mine.id), 'gone (no replies)');
    ok(focused(el)?.matches('[part~=comment], textarea'), `focus went to ${focused(el)?.localName}`);
    ok(document.activeElement === el, 'focus in the widget');
  });

  it('votes: pressed state and counts at once, sent, taken back by pressing again', async () => {
    const { server, comments } = await setup();
    const c = comments.add('w/6', 'useful', { up: 2 });
    const el = await mount('w/6');
    await loaded(el);
    const votes = events(el, 'kith-vote');
    const up = button(el, c.id, 'up');
    eq(up.getAttribute('aria-label'), 'Helpful: 2');
    up.click();
    await until(() => button(el, c.id, 'up').getAttribute('aria-pressed') == 'true', 'pressed');
    eq(button(el, c.id, 'up').getAttribute('aria-label'), 'Helpful: 3');
    await until(() => votes.length == 1, 'confirmed');
    eq(votes[0], { subject: 'w/6', id: c.id, value: 1, up: 3, down: 0 });
    button(el, c.id, 'down').click();
    await until(() => votes.length == 2, 'changed');
    eq(clean(button(el, c.id, 'up').textContent) + ' ' + clean(button(el, c.id, 'down').textContent), '▲ 2 ▼ 1');
    button(el, c.id, 'down').click();
    await until(() => votes.length == 3, 'taken back');
    eq(votes[2].value, null);
    eq(server.writes().map((w) => w.method), ['PUT', 'PUT', 'DELETE']);
  });

  it('offline: the comment shows "Not sent yet", survives a reload, and is sent once when online', async () => {
    const { server, comments } = await setup();
    const el = await mount('w/7');
    await loaded(el);
    server.fail('POST', 'comments', 'network', 1);
    type(textarea(el), 'written offline');
    await ctrlEnter();
    await until(() => clean($(el, '[part=status]')?.textContent) == 'Not sent yet — will send when you’re back online', 'pending offline', 6000);
    ok(el.matches(':state(pending)'));
    el.remove();
    const again = await mount('w/7');
    await until(() => shown(again).some((s) => s.endsWith('written offline')), 'still there after a reload');
    eq(clean($(again, '[part=status]').textContent), 'Not sent yet — will send when you’re back online');
    dispatchEvent(new Event('online'));
    await until(() => shown(again)[0] == 'User user-a: written offline' && !$(again, '[part=status]'), 'sent', 8000);
    const posts = server.log.filter((l) => l.method == 'POST' && l.path == 'comments');
    eq(new Set(posts.map((p) => p.key)).size, 1, 'one Idempotency-Key');
    eq(comments.comments.length, 1, 'applied once');
  });

  for (const [status, code, message] of [
    [409, 'duplicate_comment', 'You already posted this comment.'],
    [429, 'comment_flood', 'You are commenting too fast. Please wait a minute, then post again.'],
    [403, 'author_blocked', 'You can no longer comment here.'],
    [400, 'validation_failed', 'This comment was not accepted: it must be 1 to 10,000 characters.'],
  ] as const)
    it(`a refusal (${status} ${code}) gives the text back with a readable message`, async () => {
      const { server } = await setup();
      const el = await mount('w/8-' + code);
      await loaded(el);
      const errors = events(el, 'kith-error');
      server.fail('POST', 'comments', { status, code });
      type(textarea(el), 'keep me');
      await ctrlEnter();
      await until(() => errors.length == 1, 'refused', 6000);
      eq(errors[0], { subject: 'w/8-' + code, code, message, reverted: true });
      await el.updateComplete;
      if (code == 'author_blocked') {
        eq(clean($(el, '.notice').textContent), message);
        return;
      }
      eq(textarea(el).value, 'keep me', 'nothing typed is lost');
      eq(clean($(el, '[part=composer] [role=alert]').textContent), message);
      eq(shown(el), [], 'the pending comment is taken back');
    });

  it('held for moderation: "Awaiting moderation" for the author, also after a reload', async () => {
    const { comments } = await setup();
    comments.premoderate = true;
    const el = await mount('w/9');
    await loaded(el);
    type(textarea(el), 'please approve');
    await ctrlEnter();
    await until(() => clean($(el, '[part=status]')?.textContent) == 'Awaiting moderation — only you can see this', 'held');
    eq(clean($(el, '[aria-live]').textContent), 'Your comment is awaiting moderation.');
    el.remove();
    const again = await mount('w/9');
    await until(() => clean($(again, '[part=status]')?.textContent) == 'Awaiting moderation — only you can see this', 'held, from comments/mine');
  });

  it('a guest on a members-only site is told to sign in before typing', async () => {
    const { server, comments } = await setup({ token: null, signInUrl: '/login' });
    comments.add('w/10', 'readable by all');
    const el = await mount('w/10');
    await loaded(el);
    await until(() => $(el, '.sign-in'), 'sign-in notice');
    ok(!textarea(el), 'no form to type into');
    eq(clean($(el, '.sign-in').textContent), 'Only signed-in members can comment here. Sign in to comment');
    eq($(el, '.sign-in a').getAttribute('href'), '/login');
    eq($$(el, '[data-action=reply]').length, 0);
    ok(el.matches(':state(sign-in)'));
    eq(server.writes().length, 0);
  });

  it('a guest where guests may comment gives a name; a missing one is asked for', async () => {
    const { server } = await setup({ token: null });
    server.guestsComment = true;
    const el = await mount('w/11');
    await loaded(el);
    await until(() => $(el, '[part=composer] input[name=name]'), 'name field');
    type(textarea(el), 'as a guest');
    await ctrlEnter();
    await until(() => clean($(el, '[part=composer] [role=alert]')?.textContent) == 'Please enter your name.', 'name asked for');
    type($(el, '[part=composer] input[name=name]') as HTMLInputElement, 'Gus');
    textarea(el).focus();
    await ctrlEnter();
    await until(() => shown(el)[0] == 'Gus: as a guest' && !$(el, '[part=status]'), 'posted as Gus', 8000);
    eq(server.log.find((l) => l.method == 'POST' && l.path == 'comments')!.body, { body: 'as a guest', guestName: 'Gus' });
    await sleep(10);
  });
});
