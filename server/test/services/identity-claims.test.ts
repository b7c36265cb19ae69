// Issue 8: the user token's verified and role claims, and avatars only as http(s) URLs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUserToken, verifyUserToken } from '../../src/services/identity.ts';
import type { Site } from '../../src/services/sites.ts';

const site = { id: 'acme', secret: 'a-secret-of-enough-length-for-hs256-0123456789' } as Site;
const principal = async (claims: Record<string, unknown>) => verifyUserToken(site, await signUserToken(site.secret, { sub: 'u1', ...claims }));

describe('user token claims', () => {
  it('reads verified: true, or a 1–40 character plain wording; ignores anything else', async () => {
    assert.equal((await principal({ verified: true }) as { verified?: unknown }).verified, true);
    assert.equal((await principal({ verified: 'Customer since 2019' }) as { verified?: unknown }).verified, 'Customer since 2019');
    assert.equal((await principal({ verified: '😀'.repeat(40) }) as { verified?: unknown }).verified, '😀'.repeat(40));
    for (const verified of [false, 'x'.repeat(41), '', '   ', 'a\u0000b', 'a\u0085', 1, ['yes'], { v: true }]) {
      assert.equal('verified' in (await principal({ verified })), false, JSON.stringify(verified));
    }
  });

  it('makes a moderator of role "moderator" or an array containing it, of nothing else', async () => {
    assert.equal((await principal({ role: 'moderator' }) as { moderator?: unknown }).moderator, true);
    assert.equal((await principal({ role: ['editor', 'moderator'] }) as { moderator?: unknown }).moderator, true);
    for (const role of ['Moderator', 'admin', ['admin'], { moderator: true }, true, 'moderator ']) {
      assert.equal('moderator' in (await principal({ role })), false, JSON.stringify(role));
    }
  });

  it('keeps an avatar only when it is an http or https URL', async () => {
    assert.equal((await principal({ avatar: 'https://img.test/a.png' }) as { avatar?: string }).avatar, 'https://img.test/a.png');
    assert.equal((await principal({ avatar: 'http://img.test/a.png' }) as { avatar?: string }).avatar, 'http://img.test/a.png');
    for (const avatar of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/a.png', 'img.test/a.png', 'ftp://img.test/a.png', 5]) {
      assert.equal((await principal({ avatar }) as { avatar?: string }).avatar, undefined, String(avatar));
    }
  });
});
