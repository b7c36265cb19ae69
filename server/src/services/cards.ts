// The ID card's data (issue 10): a profile per subject, checked field by field, and per kind of subject the
// compact layout that picks and orders the fields a card shows (the first is its title). The card routes, the
// bulk import and the CLI build on these; every check here answers with a 400 that names each bad field.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { textIn } from '../db/text-in.ts';
import { errors, type ErrorDetail } from '../errors.ts';
import { wellFormed } from '../markdown/tree.ts';
import { subjectKind } from './tag-names.ts';

/** The fields every card may have, besides its extra `fields`. */
export const STANDARD_FIELDS = ['name', 'title', 'company', 'avatarUrl', 'email', 'phone', 'url'] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

/** An extra field's value: text, a number or a yes/no. */
export type ExtraValue = string | number | boolean;

/** A card's profile as stored and sent: text trimmed and composed (NFC), URLs in their canonical form, empty
 * optional fields left out. */
export interface CardProfile {
  name: string;
  title?: string;
  company?: string;
  avatarUrl?: string;
  email?: string;
  phone?: string;
  url?: string;
  /** Any other fields the integration keeps (`{ "region": "EMEA", "seats": 40 }`). */
  fields?: Record<string, ExtraValue>;
}

export const CARD_LIMITS = {
  /** Characters of name, title and company. */
  text: 200,
  /** RFC 5321's limit on an address. */
  email: 254,
  phone: 40,
  url: 2048,
  /** How many extra fields a card may have, how long their names and text values may be. */
  extraFields: 30,
  extraName: 64,
  extraText: 1000,
} as const;

/** Fields a layout may name: the standard ones and `fields.<name>` for an extra field. */
const EXTRA_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** C0 and C1 control characters and DEL (line breaks included: a card's fields are one line each). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the separators people write (spaces, dots, dashes, slashes, parentheses), an optional leading `+`
 * and an optional extension (`x12`, `ext. 12`); at least one digit before the extension. */
const PHONE = /^\+?(?=[ ().\-/]*[0-9])[0-9(][0-9 ().\-/]*(?:\s*(?:x|ext\.?)\s*[0-9]+)?$/i;

/** What a kind's cards show when no layout was set for it. */
export const DEFAULT_LAYOUT: readonly string[] = ['name', 'title', 'company', 'email', 'phone', 'url'];
/** Fields a card shows at most (desktop; narrow screens show the first four). */
export const LAYOUT_MAX_FIELDS = 7;
export const LAYOUT_NARROW_FIELDS = 4;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value == 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** One line of plain text: trimmed and composed, or a problem. */
const plainText = (value: unknown, max: number): { text: string } | { problem: string } => {
  if (typeof value != 'string') return { problem: 'must be text' };
  if (wellFormed(value) !== value) return { problem: 'must not contain lone surrogates' };
  const text = value.trim().normalize('NFC');
  if (CONTROL_CHARACTERS.test(text)) return { problem: 'must be one line without control characters' };
  if ([...text].length > max) return { problem: `must be at most ${max} characters` };
  return { text };
};

/** An absolute http(s) URL without credentials, in its canonical form, or a problem. */
const webUrl = (text: string): { text: string } | { problem: string } => {
  if (text.length > CARD_LIMITS.url) return { problem: `must be at most ${CARD_LIMITS.url} characters` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'must be an absolute http or https URL' };
  }
  if (url.protocol != 'http:' && url.protocol != 'https:') return { problem: `must be an http or https URL (not ${url.protocol})` };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  return { text: url.href };
};

/**
 * Checks a profile sent by an integration and returns it as stored: text trimmed and composed (NFC), URLs
 * canonical, empty optional fields left out. Every problem is listed at once (400 `validation_failed`, each
 * detail's `path` a JSON pointer such as `/email` or `/fields/region`).
 */
export function cardProfile(input: unknown): CardProfile {
  const problems: ErrorDetail[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isPlainObject(input)) throw errors.validation('a card is a JSON object', [{ path: '', message: 'must be an object' }]);
  const profile: Partial<CardProfile> = {};
  for (const key of Object.keys(input)) {
    if (key != 'fields' && !(STANDARD_FIELDS as readonly string[]).includes(key))
      problem(`/${key}`, `is not a card field (${STANDARD_FIELDS.join(', ')}); put other fields under "fields"`);
  }
  for (const field of STANDARD_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      if (field == 'name') problem('/name', 'is required');
      continue;
    }
    const max = field == 'email' ? CARD_LIMITS.email : field == 'phone' ? CARD_LIMITS.phone : field == 'url' || field == 'avatarUrl' ? CARD_LIMITS.url : CARD_LIMITS.text;
    const checked = plainText(value, max);
    if ('problem' in checked) {
      problem(`/${field}`, checked.problem);
      continue;
    }
    let text = checked.text;
    if (!text) {
      if (field == 'name') problem('/name', 'is required');
      continue;
    }
    if (field == 'email' && !EMAIL.test(text)) problem('/email', 'must be an email address (name@example.com)');
    else if (field == 'phone' && !PHONE.test(text)) problem('/phone', 'must be a phone number: digits, spaces, + ( ) . - /, and an optional extension');
    else if (field == 'url' || field == 'avatarUrl') {
      const url = webUrl(text);
      if ('problem' in url) problem(`/${field}`, url.problem);
      else text = url.text;
    }
    profile[field] = text;
  }
  const extra = input.fields;
  if (extra !== undefined && extra !== null) {
    if (!isPlainObject(extra)) problem('/fields', 'must be an object of extra fields');
    else {
      const names = Object.keys(extra);
      if (names.length > CARD_LIMITS.extraFields) problem('/fields', `must have at most ${CARD_LIMITS.extraFields} fields (has ${names.length})`);
      const fields: Record<string, ExtraValue> = {};
      for (const name of names.slice(0, CARD_LIMITS.extraFields)) {
        const path = `/fields/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (!EXTRA_NAME.test(name) || name.length > CARD_LIMITS.extraName) {
          problem(path, `names an extra field with a letter, then letters, digits, _ . or - (at most ${CARD_LIMITS.extraName})`);
          continue;
        }
        const value = extra[name];
        if (typeof value == 'boolean' || (typeof value == 'number' && Number.isFinite(value))) fields[name] = value;
        else if (typeof value == 'string') {
          const checked = plainText(value, CARD_LIMITS.extraText);
          if ('problem' in checked) problem(path, checked.problem);
          else if (checked.text) fields[name] = checked.text;
        } else problem(path, 'must be text, a number or true/false');
      }
      if (Object.keys(fields).length) profile.fields = fields;
    }
  }
  if (problems.length) throw errors.validation(`the card has ${problems.length} problem${problems.length == 1 ? '' : 's'}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  return profile as CardProfile;
}

/** A kind as layouts name it, what subjectKind gives: `''` (subjects without a `/`) or a first segment and its `/`
 * (`contact/`, or `/` for subjects starting with one), in plain text. The layout routes' schema and the CLI both
 * check it with this pattern (JSON-schema syntax; with the `u` flag the surrogate range is a lone surrogate). */
export const CARD_KIND_PATTERN = '^(?:[^/\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*/)?$';
export const CARD_KIND_MAX_LENGTH = 100;
const cardKind = new RegExp(CARD_KIND_PATTERN, 'u');
export const isCardKind = (kind: string): boolean => kind.length <= CARD_KIND_MAX_LENGTH && cardKind.test(kind);

/**
 * Checks a compact layout: 1 to LAYOUT_MAX_FIELDS distinct fields, each a standard field or `fields.<name>`;
 * the first is the card's title, so it is one that reads as one (not the avatar).
 */
export function cardLayout(input: unknown): string[] {
  if (!Array.isArray(input) || !input.length || input.length > LAYOUT_MAX_FIELDS)
    throw errors.validation(`a layout lists 1 to ${LAYOUT_MAX_FIELDS} fields`, [{ path: '', message: `must be an array of 1 to ${LAYOUT_MAX_FIELDS} field names` }]);
  const problems: ErrorDetail[] = [];
  input.forEach((field, i) => {
    const known =
      typeof field == 'string' &&
      ((STANDARD_FIELDS as readonly string[]).includes(field) || (field.startsWith('fields.') && EXTRA_NAME.test(field.slice(7)) && field.length - 7 <= CARD_LIMITS.extraName));
    if (!known) problems.push({ path: `/${i}`, message: `must be one of ${STANDARD_FIELDS.join(', ')} or fields.<name>` });
    else if (input.indexOf(field) != i) problems.push({ path: `/${i}`, message: `repeats ${field}` });
  });
  if (input[0] == 'avatarUrl') problems.push({ path: '/0', message: 'is the card’s title: a field with text, not the avatar' });
  if (problems.length) throw errors.validation(`the layout has ${problems.length} problem${problems.length == 1 ? '' : 's'}`, problems);
  return input as string[];
}

/** Stores `subject`'s card, replacing the one it had (an upsert: a card is the integration's copy of its record). */
export async function upsertCard(db: Kysely<Database>, siteId: string, subject: string, profile: CardProfile, now = new Date().toISOString()): Promise<void> {
  const row = { kind: subjectKind(subject), profile: JSON.stringify(profile), updated_at: now };
  await db
    .insertInto('cards')
    .values({ site_id: siteId, subject, ...row })
    .onConflict((oc) => oc.columns(['site_id', 'subject']).doUpdateSet(row))
    .execute();
}

export interface StoredCard {
  subject: string;
  profile: CardProfile;
  updatedAt: string;
}

/** The cards of `subjects` that exist, by subject (one query, one prepared statement for any number). */
export async function readCards(db: Kysely<Database>, dialect: Dialect, siteId: string, subjects: readonly string[]): Promise<Map<string, StoredCard>> {
  if (!subjects.length) return new Map();
  const rows = await db.selectFrom('cards').select(['subject', 'profile', 'updated_at']).where('site_id', '=', siteId).where(textIn(dialect, 'subject', [...new Set(subjects)])).execute();
  return new Map(rows.map((row) => [row.subject, { subject: row.subject, profile: JSON.parse(row.profile) as CardProfile, updatedAt: row.updated_at }]));
}

/** Deletes `subject`'s card; whether there was one. */
export async function deleteCard(db: Kysely<Database>, siteId: string, subject: string): Promise<boolean> {
  const result = await db.deleteFrom('cards').where('site_id', '=', siteId).where('subject', '=', subject).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Sets the compact layout of a kind of subject (`contact/`), replacing the one it had. */
export async function setCardLayout(db: Kysely<Database>, siteId: string, kind: string, fields: readonly string[], now = new Date().toISOString()): Promise<void> {
  const row = { fields: JSON.stringify(fields), updated_at: now };
  await db
    .insertInto('card_layouts')
    .values({ site_id: siteId, kind, ...row })
    .onConflict((oc) => oc.columns(['site_id', 'kind']).doUpdateSet(row))
    .execute();
}

export interface CardLayout {
  kind: string;
  fields: string[];
  /** Set for this kind (else the default). */
  custom: boolean;
}

/** The layouts of several kinds (one query), each the one set for it or DEFAULT_LAYOUT. */
export async function readCardLayouts(db: Kysely<Database>, dialect: Dialect, siteId: string, kinds: readonly string[]): Promise<Map<string, CardLayout>> {
  const distinct = [...new Set(kinds)];
  const rows = distinct.length ? await db.selectFrom('card_layouts').select(['kind', 'fields']).where('site_id', '=', siteId).where(textIn(dialect, 'kind', distinct)).execute() : [];
  const set = new Map(rows.map((row) => [row.kind, JSON.parse(row.fields) as string[]]));
  return new Map(distinct.map((kind) => [kind, { kind, fields: set.get(kind) ?? [...DEFAULT_LAYOUT], custom: set.has(kind) }]));
}

/** The layout of one kind. */
export async function readCardLayout(db: Kysely<Database>, dialect: Dialect, siteId: string, kind: string): Promise<CardLayout> {
  return (await readCardLayouts(db, dialect, siteId, [kind])).get(kind)!;
}
