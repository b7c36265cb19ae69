// Issue 11 in the admin CLI: feeds import (OPML; each refused feed listed with its reason, exit 1, the good ones
// kept), feeds list and remove, and a site's feed hosts (--feed-hosts, shown by site show).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliDatabase } from './cli-database.ts';

const { cli } = cliDatabase('cli-feeds');
const dir = mkdtempSync(join(tmpdir(), 'kith-cli-feeds-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

export const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Partners</title></head>
  <body>
    <outline text="News">
      <outline type="rss" text="Acme news" xmlUrl="https://news.acme.example/feed.xml" htmlUrl="https://news.acme.example/"/>
      <outline type="rss" text="Internal" xmlUrl="http://10.0.0.5/feed"/>
    </outline>
    <outline type="rss" text="Release notes" title="Beta releases" xmlUrl="https://beta.example/releases.atom"/>
    <outline text="A folder without feeds"/>
  </body>
</opml>`;

describe('admin CLI: feeds', () => {
  it('imports an OPML file, lists each refused feed with its reason (exit 1) and keeps the good ones', () => {
    assert.equal(cli('site', 'create', '--id', 'crm', '--name', 'CRM').code, 0);
    const res = cli('feeds', 'import', '--site', 'crm', file('partners.opml', OPML));
    assert.equal(res.code, 1, res.err);
    assert.deepEqual(res.out.trim().split('\n'), ['Added or renamed 2 feeds of 3 on crm; 1 feed refused:', 'http://10.0.0.5/feed\tInternal\t10.0.0.5 is not a public address']);
    assert.equal(res.err.trim(), 'kith: 1 feed refused (listed above); the others are stored');
    const list = cli('feeds', 'list', '--site', 'crm');
    assert.deepEqual(list.out.trim().split('\n'), ['https://news.acme.example/feed.xml\tAcme news', 'https://beta.example/releases.atom\tBeta releases']);
    // Importing again adds nothing.
    assert.match(cli('feeds', 'import', '--site', 'crm', file('again.opml', OPML)).out, /^Added or renamed 0 feeds of 3/);
    assert.equal(cli('feeds', 'remove', '--site', 'crm', 'https://beta.example/releases.atom').code, 0);
    assert.deepEqual(cli('feeds', 'list', '--site', 'crm').out.trim().split('\n'), ['https://news.acme.example/feed.xml\tAcme news']);
    const missing = cli('feeds', 'remove', '--site', 'crm', 'https://beta.example/releases.atom');
    assert.equal(missing.code, 1);
  });

  it('refuses a file that is not OPML with one line', () => {
    const res = cli('feeds', 'import', '--site', 'crm', file('not.opml', '<html><body>no</body></html>'));
    assert.equal(res.code, 1);
    assert.match(res.err.trim(), /^kith: .*not\.opml: not an OPML document/);
    assert.equal(res.err.trim().split('\n').length, 1);
  });

  it('sets the hosts a site reads feeds from, shows them, and refuses a bad one (exit 2)', () => {
    assert.equal(cli('site', 'update', 'crm', '--feed-hosts', 'news.acme.example,*.partner.example').code, 0);
    assert.match(cli('site', 'show', 'crm').out, /feeds:\s+read only from news\.acme\.example, \*\.partner\.example/);
    const res = cli('feeds', 'import', '--site', 'crm', file('partners2.opml', OPML));
    assert.match(res.out, /https:\/\/beta\.example\/releases\.atom\tBeta releases\tbeta\.example is not one of the site's feedHosts/);
    const bad = cli('site', 'update', 'crm', '--feed-hosts', 'https://news.example/feed');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--feed-hosts: not a host name/);
    assert.equal(cli('site', 'update', 'crm', '--feed-hosts', 'any').code, 0);
    assert.match(cli('site', 'show', 'crm').out, /feeds:\s+read from any public host/);
  });
});
