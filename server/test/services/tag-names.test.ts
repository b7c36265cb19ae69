// Tag normalization (issue 9): the display form, the key, and every refusal with its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../src/errors.ts';
import { subjectKind, TAG_MAX_LENGTH, tagKey, tagName } from '../../src/services/tag-names.ts';

/** The refusal `input` gets: status, code and details.reason. */
function refusal(input: string): { status: number; code: string; reason: string; message: string } {
  try {
    tagName(input);
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    const details = error.details as { reason: string; tag: string };
    return { status: error.statusCode, code: error.code, reason: details.reason, message: error.message };
  }
  assert.fail(`${JSON.stringify(input)} was accepted`);
}

describe('tagName', () => {
  it('trims, composes (NFC) and collapses inner white space runs of any Unicode space into one space', () => {
    assert.deepEqual(tagName('  crm  '), { display: 'crm', key: 'crm' });
    assert.deepEqual(tagName('e\u0301te'), { display: 'éte', key: 'éte' });
    assert.equal(tagName('e\u0301te').display, '\u00e9te');
    assert.equal(tagName('big   deal').display, 'big deal');
    assert.equal(tagName('big\u00a0deal').display, 'big deal', 'NBSP');
    assert.equal(tagName('big\u3000deal').display, 'big deal', 'ideographic space');
    assert.equal(tagName('big \u00a0\u2003 \u3000deal').display, 'big deal', 'a mixed run');
    assert.equal(tagName('\u3000\u00a0crm\u00a0').display, 'crm', 'trimmed of Unicode spaces too');
  });

  it('keeps the display form and case-folds the key (ß, capital ẞ, SS and ss are one; CRM and crm are one)', () => {
    assert.deepEqual(tagName('CRM'), { display: 'CRM', key: 'crm' });
    for (const spelling of ['Straße', 'STRASSE', 'strasse', 'StraSSe', 'STRAẞE']) assert.equal(tagName(spelling).key, 'strasse', spelling);
    assert.equal(tagName('Straße').display, 'Straße');
    assert.equal(tagKey('Ǆemal'), 'ǆemal');
    assert.equal(tagName('ÉTÉ').key, tagName('e\u0301te\u0301').key, 'composed and decomposed accents fold to one key');
  });

  it(`takes ${TAG_MAX_LENGTH} code points and refuses ${TAG_MAX_LENGTH + 1}, counting an emoji as one`, () => {
    assert.equal(tagName('a'.repeat(TAG_MAX_LENGTH)).display.length, TAG_MAX_LENGTH);
    const emoji = '😀'.repeat(TAG_MAX_LENGTH);
    assert.equal(tagName(emoji).display, emoji, '40 emoji are 80 UTF-16 units but 40 characters');
    const long = refusal('a'.repeat(TAG_MAX_LENGTH + 1));
    assert.deepEqual([long.status, long.code, long.reason], [400, 'invalid_tag', 'too_long']);
    assert.match(long.message, /at most 40 characters \(this one has 41\)/);
    assert.equal(refusal('😀'.repeat(TAG_MAX_LENGTH + 1)).reason, 'too_long');
    // Length counts after normalization: white space around and inside a 40-character tag does not count.
    assert.equal(tagName(`  ${'a'.repeat(20)}     ${'b'.repeat(19)}  `).display.length, TAG_MAX_LENGTH);
    // A decomposed accent is two code points typed, one after NFC.
    assert.equal([...tagName('e\u0301'.repeat(TAG_MAX_LENGTH)).display].length, TAG_MAX_LENGTH);
  });

  it('refuses empty and white-space-only tags', () => {
    for (const input of ['', ' ', '   ', '\u00a0', '\u3000 \u2003']) {
      const { status, code, reason } = refusal(input);
      assert.deepEqual([status, code, reason], [400, 'invalid_tag', 'empty'], JSON.stringify(input));
    }
  });

  it('refuses control characters, U+2028 and U+2029 rather than tidying them away', () => {
    for (const input of ['a\u0000b', 'a\tb', 'a\nb', '\r', 'a\u007fb', 'a\u0085b', 'a\u009fb', 'a\u2028b', 'a\u2029b', ' a\u0001 ']) {
      assert.equal(refusal(input).reason, 'control_characters', JSON.stringify(input));
    }
  });

  it('refuses lone surrogates, high and low, alone or beside text, and takes a well-formed pair', () => {
    for (const input of ['\ud800', 'a\ud83d', '\udfff', 'a\ude00b', '\ude00\ud83d']) {
      assert.equal(refusal(input).reason, 'lone_surrogate', JSON.stringify(input));
    }
    assert.equal(tagName('\ud83d\ude00').display, '😀');
  });

  it('refuses a comma and says commas separate tags', () => {
    const { reason, message } = refusal('crm, sales');
    assert.equal(reason, 'comma');
    assert.match(message, /comma/);
    assert.equal(refusal(',').reason, 'comma');
  });

  it('puts the tag as sent in the details', () => {
    try {
      tagName('x'.repeat(50));
      assert.fail('accepted');
    } catch (error) {
      assert.deepEqual((error as HttpError).details, { reason: 'too_long', tag: 'x'.repeat(50) });
    }
  });
});

describe('subjectKind', () => {
  it('is the subject up to and including its first slash, empty without one', () => {
    assert.equal(subjectKind('product/42'), 'product/');
    assert.equal(subjectKind('product/42/variant'), 'product/');
    assert.equal(subjectKind('https://example.com/a'), 'https:/');
    assert.equal(subjectKind('plain'), '');
  });
});
