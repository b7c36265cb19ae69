// Issue 8 in the admin CLI: comments list / approve / reject / spam, authors block / unblock / list, and the
// moderation log; counts stay exact, every action is logged with the actor "cli".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliDatabase } from './cli-database.ts';
import { markdownToTree } from '../src/markdown/parse.ts';
import { createComment, readCount } from '../src/services/comments.ts';

const { cli, withStore } = cliDatabase('cli-comments');

/** A comment written the way the API writes it (pre-moderation: held). */
const write = (sub: string, subject: string, body: string) =>
  withStore((store) =>
    store.db.transaction().execute(async (trx) => {
      const { comment } = await createComment(trx, {
        siteId: 'shop',
        subject,
        author: { id: `user:${sub}`, kind: 'user', name: sub },
        guestNetwork: null,
        body,
        tree: markdownToTree(body),
        moderation: 'pre',
        takeFlood: async () => {},
      });
      return comment.id;
    }),
  );

const count = (subject: string) => withStore((store) => readCount(store.db, 'shop', subject));

describe('admin CLI: comments', () => {
  it('lists the queue, approves, rejects and marks spam; the counts follow', async () => {
    assert.equal(cli('site', 'create', '--id', 'shop', '--name', 'Shop', '--moderation', 'pre').code, 0);
    const first = await write('ann', 'p/1', 'First\nheld comment');
    const second = await write('bob', 'p/1', 'Second held comment');
    const third = await write('bob', 'p/2', 'Third');
    const listed = cli('comments', 'list', '--site', 'shop');
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^3 pending comments$/m);
    assert.match(listed.out, new RegExp(`\\t${first}\\tp/1\\tuser:ann\\tann\\tFirst held comment$`, 'm'));
    assert.match(cli('comments', 'list', '--site', 'shop', '--subject', 'p/2').out, /^1 pending comment on p\/2$/m);
    assert.match(cli('comments', 'list', '--site', 'shop', '--limit', '1').out, /newest 1 shown/);

    const approved = cli('comments', 'approve', first, '--site', 'shop', '--reason', 'looks fine');
    assert.equal(approved.code, 0, approved.err);
    assert.match(approved.out, /is approved now\. p\/1: 1 visible comment\./);
    assert.equal(await count('p/1'), 1);
    assert.match(cli('comments', 'approve', second, '--site', 'shop').out, /p\/1: 2 visible comments/);
    assert.match(cli('comments', 'spam', second, '--site', 'shop').out, /is spam now\. p\/1: 1 visible comment\./);
    assert.match(cli('comments', 'reject', third, '--site', 'shop').out, /is rejected now/);
    assert.equal(await count('p/1'), 1);
    assert.equal(await count('p/2'), 0);
    assert.match(cli('comments', 'list', '--site', 'shop', '--status', 'spam').out, new RegExp(second));

    const log = cli('moderation', 'log', '--site', 'shop');
    assert.equal(log.code, 0, log.err);
    const lines = log.out.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines.at(-1)!, new RegExp(`\\tcli\\tapprove\\t${first}\\tuser:ann\\tpending → approved\\tlooks fine$`));
    assert.equal(cli('moderation', 'log', '--site', 'shop', '--limit', '2').out.trim().split('\n').length, 2);
  });

  it('blocks with --hide-past, lists, and unblocks with the comments restored', async () => {
    const id = await write('troll', 'p/3', 'troll');
    cli('comments', 'approve', id, '--site', 'shop');
    assert.equal(await count('p/3'), 1);
    const blocked = cli('authors', 'block', '--site', 'shop', '--comment', id, '--hide-past', '--reason', 'trolling');
    assert.equal(blocked.code, 0, blocked.err);
    assert.match(blocked.out, /Blocked user:troll on shop; hid 1 comment\./);
    assert.equal(await count('p/3'), 0);
    assert.match(cli('authors', 'list', '--site', 'shop').out, /^user:troll\ttroll\tpast hidden\tby cli\t.+\ttrolling$/m);
    const lifted = cli('authors', 'unblock', '--site', 'shop', '--author', 'user:troll');
    assert.equal(lifted.code, 0, lifted.err);
    assert.match(lifted.out, /restored 1 comment\./);
    assert.equal(await count('p/3'), 1);
    assert.match(cli('authors', 'list', '--site', 'shop').out, /no blocked authors/);
    assert.match(cli('authors', 'block', '--site', 'shop', '--author', 'guest:00000000-0000-4000-8000-000000000000').out, /^Blocked guest:/);
  });

  it('refuses bad usage with one line (exit 2) and unknown things with one line (exit 1)', async () => {
    const usage = [
      ['comments', 'list'],
      ['comments', 'list', '--site', 'shop', '--status', 'deleted'],
      ['comments', 'list', '--site', 'shop', '--limit', '0'],
      ['comments', 'approve', '--site', 'shop'],
      ['comments', 'approve', 'xyz', '--site', 'shop'],
      ['comments', 'approve', 'a'.repeat(24)],
      ['comments', 'approve', 'a'.repeat(24), '--site', 'shop', '--reason', ''],
      ['comments', 'approve', 'a'.repeat(24), '--site', 'shop', '--hide-past'],
      ['comments', 'delete', 'a'.repeat(24), '--site', 'shop'],
      ['authors', 'block', '--site', 'shop'],
      ['authors', 'block', '--site', 'shop', '--comment', 'a'.repeat(24), '--author', 'user:x'],
      ['authors', 'block', '--site', 'shop', '--author', 'x'],
      ['authors', 'unblock', '--site', 'shop'],
      ['authors', 'list'],
      ['moderation', 'log', '--site', 'shop', '--limit', 'ten'],
    ];
    for (const args of usage) {
      const res = cli(...args);
      assert.equal(res.code, 2, args.join(' '));
      assert.equal(res.err.trim().split('\n').length, 1, args.join(' '));
    }
    const missing = cli('comments', 'approve', 'a'.repeat(24), '--site', 'shop');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^kith: no such comment/);
    assert.equal(cli('comments', 'list', '--site', 'nope').code, 1);
    assert.match(cli('--help').out, /comments approve\|reject\|spam <commentId>/);
  });
});
