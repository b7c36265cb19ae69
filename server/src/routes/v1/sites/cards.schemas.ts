import { Type } from 'typebox';
import { CARDS_IMPORT_MAX_ROWS } from '../../../services/card-import.ts';
import { CARD_KIND_MAX_LENGTH, CARD_KIND_PATTERN, CARD_LIMITS, LAYOUT_MAX_FIELDS, STANDARD_FIELDS } from '../../../services/cards.ts';
import { PLAIN_TEXT_PATTERN, Subject } from './common.schemas.ts';
import { BatchQuery } from './ratings.schemas.ts';
import { TagCount } from './tags.schemas.ts';

/** A card as sent: any JSON object, checked field by field by services/cards.ts (which names every bad field at
 * once, as the bulk import does for each row), so the schema only says it is an object and documents the fields. */
export const CardBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      `A card: name (required), title, company (text, at most ${CARD_LIMITS.text} characters), email, phone, url and avatarUrl ` +
      `(absolute http or https URLs), and fields: up to ${CARD_LIMITS.extraFields} extra fields of text, numbers or true/false. ` +
      'An upsert replaces the whole card.',
  },
);

const Text = Type.String();

export const CardProfile = Type.Object(
  {
    name: Text,
    title: Type.Optional(Text),
    company: Type.Optional(Text),
    avatarUrl: Type.Optional(Text),
    email: Type.Optional(Text),
    phone: Type.Optional(Text),
    url: Type.Optional(Text),
    fields: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  },
  { additionalProperties: false },
);

export const StoredCard = Type.Object({ subject: Type.String(), card: CardProfile, updatedAt: Type.String() }, { additionalProperties: false });

export const DeletedCard = Type.Object({ subject: Type.String(), deleted: Type.Boolean({ description: 'Whether there was a card' }) }, { additionalProperties: false });

export const CardView = Type.Object(
  {
    subject: Type.String(),
    card: Type.Union([CardProfile, Type.Null()], { description: 'null where the site holds no card for the subject' }),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
    layout: Type.Object(
      {
        fields: Type.Array(Type.String(), { description: "The fields the card shows, in order; the first is its title" }),
        narrow: Type.Integer({ description: 'How many of them a narrow screen shows' }),
      },
      { additionalProperties: false },
    ),
    summary: Type.Object(
      {
        rating: Type.Object({ average: Type.Number(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        comments: Type.Integer({ minimum: 0, description: 'Visible comments' }),
        tags: Type.Array(TagCount, { description: 'The top tags' }),
      },
      { additionalProperties: false },
    ),
    context: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              subject: Type.String({ description: 'The context subject' }),
              rated: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()], { description: "The user's vote on it" }),
              comments: Type.Integer({ minimum: 0, description: "The user's visible comments on it" }),
              tags: Type.Array(Type.String(), { description: 'The tags the user put on it' }),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'With context= only: how the user relates to that subject; null for cards that are not a Kith user\'s (user/<sub>)' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** `context=`: the page's subject, for the context lines of cards of Kith users (`user/<sub>`). */
const Context = Type.Optional(
  Type.Unsafe<string>({ ...Subject, description: "The page's subject (e.g. product/42): cards of Kith users (user/<sub>) add how that user relates to it" }),
);

export const CardQuery = Type.Object({ subject: Subject, context: Context }, { additionalProperties: false });

export const CardBatchQuery = Type.Object({ subject: BatchQuery.properties.subject, context: Context }, { additionalProperties: false });

export const CardViews = Type.Object({ items: Type.Array(CardView) }, { additionalProperties: false });

const KindText = Type.String({
  maxLength: CARD_KIND_MAX_LENGTH,
  pattern: CARD_KIND_PATTERN,
  description: "A kind of subject: its first segment and slash (contact/), or '' for subjects without a slash",
});

export const LayoutQuery = Type.Object({ kind: KindText }, { additionalProperties: false });

export const LayoutBody = Type.Object(
  {
    fields: Type.Array(Type.String({ maxLength: 100, pattern: PLAIN_TEXT_PATTERN }), {
      minItems: 1,
      maxItems: LAYOUT_MAX_FIELDS,
      description: `1–${LAYOUT_MAX_FIELDS} distinct fields (${STANDARD_FIELDS.join(', ')} or fields.<name>); the first is the card's title`,
    }),
  },
  { additionalProperties: false },
);

export const Layout = Type.Object(
  { kind: Type.String(), fields: Type.Array(Type.String()), custom: Type.Boolean({ description: 'Set for this kind (else the default)' }) },
  { additionalProperties: false },
);

/** An import: CSV (`text/csv`, a header row with `subject`, the card's fields and `fields.<name>` columns), JSON
 * lines (`application/x-ndjson`: one card with its `subject` a line) or a JSON array of such cards. */
export const ImportBody = Type.Union(
  [
    Type.Array(Type.Unknown(), { maxItems: CARDS_IMPORT_MAX_ROWS, description: 'Cards, each with its subject (a row that is not an object is reported, not stored)' }),
    Type.String({ description: 'CSV or JSON lines' }),
  ],
  { description: `Up to ${CARDS_IMPORT_MAX_ROWS} cards as text/csv, application/x-ndjson or a JSON array` },
);

export const ImportReport = Type.Object(
  {
    received: Type.Integer({ minimum: 0, description: 'Rows read' }),
    stored: Type.Integer({ minimum: 0, description: 'Rows stored' }),
    refused: Type.Array(
      Type.Object(
        {
          line: Type.Integer({ description: 'The row’s line in the file (its position in a JSON array)' }),
          subject: Type.Union([Type.String(), Type.Null()]),
          errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
