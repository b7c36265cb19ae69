import { Type } from 'typebox';
import { Subject } from './common.schemas.ts';

/** As many keys as the widgets batch in one request (core/batch.ts: 200, or a URL of 6,000 characters). */
export const FEEDS_BATCH_MAX = 200;

export const FeedQuery = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'The feed to read: an absolute http: or https: URL (RSS, Atom, RDF or JSON Feed)' }),
  },
  { additionalProperties: false },
);

const Tree = Type.Object(
  { type: Type.Literal('root'), children: Type.Array(Type.Any()) },
  { description: 'The allow-listed tree made from the feed\'s HTML (the same tree as comments; see docs/rest-api.md)' },
);

const FeedItem = Type.Object(
  {
    id: Type.String(),
    title: Type.String({ description: 'Plain text' }),
    link: Type.Optional(Type.String({ description: 'An absolute http: or https: URL' })),
    published: Type.Optional(Type.String({ description: 'ISO 8601, UTC' })),
    updated: Type.Optional(Type.String({ description: 'ISO 8601, UTC' })),
    author: Type.Optional(Type.Object({ name: Type.String(), url: Type.Optional(Type.String()) }, { additionalProperties: false })),
    summary: Type.Optional(Tree),
    content: Type.Optional(Tree),
    enclosures: Type.Array(
      Type.Object(
        { url: Type.String(), type: Type.Optional(Type.String()), length: Type.Optional(Type.Integer()), title: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    categories: Type.Array(Type.String()),
    activity: Type.Optional(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('comment'), Type.Literal('rating'), Type.Literal('tag')]),
          subject: Type.String(),
          subjectName: Type.Optional(Type.String({ description: "The subject's ID card name" })),
          author: Type.Optional(Type.String({ description: "A comment's author" })),
          stars: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          tag: Type.Optional(Type.String()),
          people: Type.Optional(Type.Integer({ minimum: 2, description: 'A rating or a tag several people gave in a row (the same stars or tag on the same subject): how many; the item is the newest' })),
          peopleAtLeast: Type.Optional(Type.Boolean({ description: 'The run may go on past what the feed read: people is the least it can be' })),
        },
        { additionalProperties: false, description: "Kith's activity feeds only: what the item is about, for wording it in the reader's language" },
      ),
    ),
  },
  { additionalProperties: false },
);

export const FeedDocument = Type.Object(
  {
    format: Type.Union([Type.Literal('rss'), Type.Literal('atom'), Type.Literal('rdf'), Type.Literal('json'), Type.Literal('kith')], { description: "The source's format; kith: Kith's own activity" }),
    title: Type.String({ description: 'Plain text; empty when the feed has none' }),
    link: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ description: 'Plain text' })),
    updated: Type.Optional(Type.String({ description: 'ISO 8601, UTC' })),
    items: Type.Array(FeedItem),
  },
  { additionalProperties: false },
);

export const FeedRead = Type.Object(
  {
    url: Type.String({ description: 'The URL read, normalized' }),
    feed: FeedDocument,
    fetchedAt: Type.String({ description: 'When this copy was fetched from the feed\'s server (ISO 8601)' }),
    stale: Type.Boolean({ description: 'true: the feed\'s server failed just now and this is the last good copy' }),
  },
  { additionalProperties: false },
);

export const OpmlBody = Type.String({ description: 'An OPML document (text/x-opml, application/xml or text/xml)' });

export const OpmlReport = Type.Object(
  {
    received: Type.Integer({ minimum: 0, description: 'Feeds (outlines with an xmlUrl) read' }),
    stored: Type.Integer({ minimum: 0, description: 'Feeds added, or renamed' }),
    refused: Type.Array(Type.Object({ url: Type.String(), title: Type.String(), reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const SiteFeedList = Type.Object(
  { items: Type.Array(Type.Object({ url: Type.String(), title: Type.String(), addedAt: Type.String() }, { additionalProperties: false })) },
  { additionalProperties: false },
);

export const RemovedFeed = Type.Object({ url: Type.String(), removed: Type.Boolean() }, { additionalProperties: false });

export const FeedBatchQuery = Type.Object(
  {
    subject: Type.Array(Subject, {
      minItems: 1,
      maxItems: FEEDS_BATCH_MAX,
      description:
        `1–${FEEDS_BATCH_MAX} feed keys, repeated (subject=a&subject=b, the batch convention of every widget read): an external feed's ` +
        'http(s) URL, or Kith\'s own activity: activity (the site), activity:subject=<subject>, activity:tag=<tag>',
    }),
  },
  { additionalProperties: false },
);

export const FeedBatch = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          subject: Type.String({ description: 'The feed key asked for' }),
          feed: Type.Optional(FeedDocument),
          fetchedAt: Type.Optional(Type.String()),
          stale: Type.Optional(Type.Boolean()),
          error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
