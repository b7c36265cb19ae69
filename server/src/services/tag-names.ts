// What a tag is: the words a person typed, tidied into a display form, and the key that decides which tags are
// the same one. Every route that takes a tag (to apply, to look up, to steward) goes through `tagName`.
import { HttpError, type TagRefusal } from '../errors.ts';
import { wellFormed } from '../markdown/tree.ts';

/** The longest tag, in code points after normalization. */
export const TAG_MAX_LENGTH = 40;

export interface TagName {
  /** Trimmed, NFC, inner whitespace runs as one space: how the tag is shown. */
  display: string;
  /** The display form case-folded (lower, upper, then lower case again, so `Straße`, `STRAẞE`, `STRASSE` and
   * `strasse` are one), NFC. */
  key: string;
}

const refuse = (reason: TagRefusal['reason'], tag: string, message: string) =>
  new HttpError(400, 'invalid_tag', message, { details: { reason, tag } });

/** The display form and key of `input`, or a 400 invalid_tag that says why it is not a tag. */
export function tagName(input: string): TagName {
  const repaired = wellFormed(input);
  if (repaired !== input) throw refuse('lone_surrogate', repaired, 'A tag must be valid Unicode text (this one holds a lone surrogate).');
  // Control characters (and the line and paragraph separators) are refused, not tidied away: they are never
  // typed on purpose, and a tag that hides them would look like another.
  if (/[\p{Cc}\u2028\u2029]/u.test(input)) throw refuse('control_characters', input, 'A tag cannot hold control characters such as tabs or line breaks.');
  const display = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!display) throw refuse('empty', input, 'A tag cannot be empty.');
  if (display.includes(',')) throw refuse('comma', input, 'A tag cannot hold a comma: commas separate tags. Add each tag on its own.');
  const length = [...display].length;
  if (length > TAG_MAX_LENGTH) throw refuse('too_long', input, `A tag has at most ${TAG_MAX_LENGTH} characters (this one has ${length}).`);
  return { display, key: tagKey(display) };
}

/** The key of a display form (already normalized): its case-folded form. Lower case first turns the capital
 * sharp s (ẞ, which has no upper-case mapping of its own) into ß, which upper case then makes SS. */
export const tagKey = (display: string): string => display.toLowerCase().toUpperCase().toLowerCase().normalize('NFC');

/** The kind of a subject, the scope a cloud can be narrowed to: up to and including its first `/`. */
export const subjectKind = (subject: string): string => {
  const slash = subject.indexOf('/');
  return slash < 0 ? '' : subject.slice(0, slash + 1);
};
