// Issue 9 in the admin CLI: tags list / rename / merge / synonym add|remove / delete / restrict / unrestrict /
// describe / log; one line per action, counts exact after each, every action logged with the actor "cli".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliDatabase } from './cli-database.ts';
import { assertTagCountsExact, seedTagging } from './tag-helpers.ts';

const { cli, withStore } = cliDatabase('cli-tags');

const seed = (subject: string, tag: string, who: string) => withStore((store) => seedTagging(store.db, 'crm', subject, tag, `user:${who}`));
const exact = () => withStore((store) => assertTagCountsExact(store.db, 'crm'));
/** Runs a command that must succeed and print one line; answers that line. */
const line = async (...args: string[]) => {
  const res = cli(...args);
  assert.equal(res.code, 0, `${args.join(' ')}: ${res.err}`);
  assert.equal(res.out.trim().split('\n').length, 1, res.out);
  await exact();
  return res.out.trim();
};

describe('admin CLI: tags', () => {
  it('lists, renames, merges, keeps synonyms, deletes, restricts and describes; counts stay exact', async () => {
    assert.equal(cli('site', 'create', '--id', 'crm', '--name', 'CRM').code, 0);
    await seed('account/1', 'Customer', 'ann');
    await seed('account/1', 'client', 'ann');
    await seed('account/1', 'client', 'bob');
    await seed('account/2', 'Client', 'carl');
    await seed('account/2', 'vip', 'carl');

    const listed = cli('tags', 'list', '--site', 'crm');
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual(listed.out.trim().split('\n'), ['3 tags on crm', 'client\tclient\t3 uses\t2 subjects', 'customer\tCustomer\t1 use\t1 subject', 'vip\tvip\t1 use\t1 subject']);
    assert.deepEqual(cli('tags', 'list', '--site', 'crm', '--limit', '3').out.trim().split('\n')[0], '3 tags on crm');
    assert.deepEqual(cli('tags', 'list', '--site', 'crm', '--limit', '2').out.trim().split('\n'), ['2 tags+ on crm (the 2 most used shown)', 'client\tclient\t3 uses\t2 subjects', 'customer\tCustomer\t1 use\t1 subject']);

    assert.equal(await line('tags', 'rename', '--site', 'crm', '--from', 'vip', '--to', 'VIP'), 'Renamed "vip" to "VIP" on crm (key "vip", 1 use).');
    assert.equal(
      await line('tags', 'merge', '--site', 'crm', '--from', 'client', '--into', 'customer'),
      'Merged "client" into "customer" on crm: 2 taggings moved, 1 already there; "customer" has 3 uses on 2 subjects, and new uses of "client" become it.',
    );
    assert.equal(await line('tags', 'synonym', 'add', '--site', 'crm', '--from', 'Kunde', '--to', 'Client'), 'New uses of "kunde" on crm become "customer".');
    assert.match(cli('tags', 'list', '--site', 'crm').out, /^customer\tCustomer\t3 uses\t2 subjects\tsynonyms: client, kunde$/m);
    assert.equal(await line('tags', 'synonym', 'remove', '--site', 'crm', '--from', 'kunde'), 'Removed the synonym "kunde" → "customer" on crm; new uses of "kunde" are a tag of their own.');
    assert.equal(await line('tags', 'restrict', '--site', 'crm', '--tag', 'Approved'), '"approved" on crm may be applied only by moderators now.');
    assert.equal(await line('tags', 'unrestrict', '--site', 'crm', '--tag', 'approved'), '"approved" on crm may be applied by anyone now.');
    assert.equal(await line('tags', 'describe', '--site', 'crm', '--tag', 'customer', '--text', 'Paying accounts'), 'Described "customer" on crm.');
    assert.match(cli('tags', 'list', '--site', 'crm').out, /^customer\tCustomer\t3 uses\t2 subjects\tsynonyms: client\tPaying accounts$/m);
    assert.equal(await line('tags', 'describe', '--site', 'crm', '--tag', 'customer', '--text', ''), 'Cleared the description of "customer" on crm.');
    assert.equal(await line('tags', 'delete', '--site', 'crm', '--tag', 'VIP'), 'Deleted the tag "vip" on crm with its 1 tagging.');

    const log = cli('tags', 'log', '--site', 'crm');
    assert.equal(log.code, 0, log.err);
    const entries = log.out.trim().split('\n');
    assert.deepEqual(
      entries.map((entry) => entry.split('\t').slice(1, 3)),
      [['cli', 'delete'], ['cli', 'describe'], ['cli', 'describe'], ['cli', 'unrestrict'], ['cli', 'restrict'], ['cli', 'synonym_remove'], ['cli', 'synonym_add'], ['cli', 'merge'], ['cli', 'rename']],
    );
    assert.match(entries.at(-2)!, /\tmerge\t\{"from":"client","fromDisplay":"client","into":"customer","moved":2,"merged":1\}$/);
    assert.equal(cli('tags', 'log', '--site', 'crm', '--limit', '2').out.trim().split('\n').length, 2);
  });

  it('refuses bad usage with one line (exit 2), and bad tags, unknown sites and impossible changes with one line (exit 1)', async () => {
    const usage = [
      ['tags', 'list'],
      ['tags', 'list', '--site', 'crm', '--limit', '0'],
      ['tags', 'rename', '--site', 'crm', '--from', 'a'],
      ['tags', 'rename', '--site', 'crm', '--from', 'a', '--into', 'b'],
      ['tags', 'merge', '--site', 'crm', '--from', 'a', '--to', 'b'],
      ['tags', 'synonym', '--site', 'crm', '--from', 'a', '--to', 'b'],
      ['tags', 'synonym', 'rename', '--site', 'crm', '--from', 'a', '--to', 'b'],
      ['tags', 'synonym', 'remove', '--site', 'crm', '--from', 'a', '--to', 'b'],
      ['tags', 'delete', '--site', 'crm'],
      ['tags', 'delete', 'x', '--site', 'crm', '--tag', 'x'],
      ['tags', 'describe', '--site', 'crm', '--tag', 'x'],
      ['tags', 'describe', '--site', 'crm', '--tag', 'x', '--text', 'y'.repeat(501)],
      ['tags', 'purge', '--site', 'crm'],
    ];
    for (const args of usage) {
      const res = cli(...args);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.err}`);
      assert.equal(res.err.trim().split('\n').length, 1, args.join(' '));
    }
    const failures: Array<[string[], RegExp]> = [
      [['tags', 'restrict', '--site', 'crm', '--tag', 'a,b'], /^kith: --tag "a,b": A tag cannot hold a comma/],
      [['tags', 'rename', '--site', 'crm', '--from', 'customer', '--to', 'x'.repeat(41)], /^kith: --to "x+": A tag has at most 40 characters \(this one has 41\)\.$/],
      [['tags', 'delete', '--site', 'crm', '--tag', '   '], /^kith: --tag "   ": A tag cannot be empty\.$/],
      [['tags', 'list', '--site', 'nope'], /^kith: no site "nope"/],
      [['tags', 'merge', '--site', 'nope', '--from', 'a', '--into', 'b'], /^kith: no site "nope"/],
      [['tags', 'delete', '--site', 'crm', '--tag', 'nothing'], /^kith: there is no tag "nothing" on this site$/],
      [['tags', 'rename', '--site', 'crm', '--from', 'approved', '--to', 'Customer'], /^kith: a tag "customer" already exists: merge into it/],
      [['tags', 'synonym', 'add', '--site', 'crm', '--from', 'customer', '--to', 'approved'], /^kith: the tag "customer" is on 3 taggings: merge it instead/],
      [['tags', 'synonym', 'remove', '--site', 'crm', '--from', 'kunde'], /^kith: "kunde" is not a synonym on this site$/],
    ];
    for (const [args, message] of failures) {
      const res = cli(...args);
      assert.equal(res.code, 1, `${args.join(' ')}: ${res.err}`);
      assert.equal(res.err.trim().split('\n').length, 1, args.join(' '));
      assert.match(res.err.trim(), message);
    }
    await exact();
    assert.match(cli('--help').out, /tags synonym add --site <id> --from <tag> --to <tag>/);
  });
});
