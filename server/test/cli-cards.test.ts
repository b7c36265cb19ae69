// Issue 10 in the admin CLI: cards import (CSV, JSON lines, JSON; each refused row listed, exit 1, the good rows
// kept), cards show / delete, and cards layout (show, set, refuse a bad one with one line, exit 2).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliDatabase } from './cli-database.ts';

const { cli } = cliDatabase('cli-cards');
const dir = mkdtempSync(join(tmpdir(), 'kith-cli-cards-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('admin CLI: cards', () => {
  it('imports a CSV, lists each refused row with its line (exit 1) and keeps the good ones', () => {
    assert.equal(cli('site', 'create', '--id', 'crm', '--name', 'CRM').code, 0);
    const csv = file('contacts.csv', 'subject,name,email,fields.region\ncontact/1,Ada Lovelace,ada@example.com,EMEA\ncontact/2,,nope,\ncontact/3,"Hopper, Grace",,US\n');
    const res = cli('cards', 'import', '--site', 'crm', csv);
    assert.equal(res.code, 1, res.err);
    assert.deepEqual(res.out.trim().split('\n'), ['Stored 2 cards of 3 on crm; 1 row refused:', 'line 3\tcontact/2\t/name is required; /email must be an email address (name@example.com)']);
    assert.equal(res.err.trim(), 'kith: 1 row refused (listed above); the others are stored');
    const shown = cli('cards', 'show', '--site', 'crm', '--subject', 'contact/1');
    assert.equal(shown.code, 0, shown.err);
    assert.deepEqual(JSON.parse(shown.out).card, { name: 'Ada Lovelace', email: 'ada@example.com', fields: { region: 'EMEA' } });
  });

  it('imports JSON lines and JSON arrays (exit 0 when every row is stored); shows, deletes', () => {
    const lines = file('more.jsonl', '{"subject":"contact/4","name":"Linus"}\n\n{"subject":"contact/5","name":"Margaret","url":"https://example.com/m"}\n');
    const res = cli('cards', 'import', '--site', 'crm', lines);
    assert.equal(res.code, 0, res.err);
    assert.equal(res.out.trim(), 'Stored 2 cards of 2 on crm.');
    const array = file('more.json', JSON.stringify([{ subject: 'contact/6', name: 'Katherine' }]));
    assert.equal(cli('cards', 'import', '--site', 'crm', array).out.trim(), 'Stored 1 card of 1 on crm.');
    assert.equal(cli('cards', 'delete', '--site', 'crm', '--subject', 'contact/6').out.trim(), 'Deleted the card of "contact/6" on crm.');
    const gone = cli('cards', 'show', '--site', 'crm', '--subject', 'contact/6');
    assert.equal(gone.code, 1);
    assert.equal(gone.err.trim(), 'kith: no card for "contact/6" on crm');
  });

  it('shows and sets a kind’s layout; refuses bad usage with one line (exit 2) and bad files with one line (exit 1)', () => {
    assert.equal(cli('cards', 'layout', '--site', 'crm', '--kind', 'contact/').out.trim(), 'cards of "contact/" on crm show name, title, company, email, phone, url (the default)');
    const set = cli('cards', 'layout', '--site', 'crm', '--kind', 'contact/', '--fields', 'name, fields.region, email');
    assert.equal(set.code, 0, set.err);
    assert.equal(set.out.trim(), 'Set: cards of "contact/" on crm show name, fields.region, email');
    const bad = cli('cards', 'layout', '--site', 'crm', '--kind', 'contact/', '--fields', 'avatarUrl,nickname');
    assert.equal(bad.code, 2);
    assert.equal(bad.err.trim().split('\n').length, 1);
    assert.match(bad.err, /^kith: --fields: field 2 must be one of .*; field 1 is the card’s title/);
    for (const args of [['cards', 'layout', '--site', 'crm', '--kind', 'contact'], ['cards', 'import', '--site', 'crm', join(dir, 'x.txt')], ['cards', 'import', join(dir, 'x.csv')], ['cards', 'show', '--site', 'crm']]) {
      const res = cli(...args);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.err}`);
      assert.equal(res.err.trim().split('\n').length, 1, res.err);
    }
    const missing = cli('cards', 'import', '--site', 'crm', join(dir, 'missing.csv'));
    assert.equal(missing.code, 1);
    assert.match(missing.err.trim(), /^kith: cannot read .*missing\.csv/);
    const noSubject = cli('cards', 'import', '--site', 'crm', file('bad.csv', 'name\nAda\n'));
    assert.equal(noSubject.code, 1);
    assert.equal(noSubject.err.trim(), 'kith: a CSV import needs a header row with a subject column');
    const noSite = cli('cards', 'import', '--site', 'nope', file('ok.csv', 'subject,name\nx,y\n'));
    assert.equal(noSite.code, 1);
    assert.equal(noSite.err.trim().split('\n').length, 1);
  });
});
