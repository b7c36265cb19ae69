import { Type } from 'typebox';

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
  },
  { additionalProperties: false },
);

export const FeedDocument = Type.Object(
  {
    format: Type.Union([Type.Literal('rss'), Type.Literal('atom'), Type.Literal('rdf'), Type.Literal('json')]),
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
