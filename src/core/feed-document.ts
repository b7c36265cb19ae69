// A feed as the feed proxy returns it (issue 11): any RSS, Atom, RDF or JSON Feed, normalized. One definition for
// both sides: the server's feeds/parse.ts builds it (importing these types, type-only), `<kith-feed>` renders it.
// Kith's own activity feeds use the same shape. See docs/feeds.md.
import type { Root } from './tree.ts';

/**
 * The live stream's subject for a site's activity: every new comment, rating and tag of the site also sends an
 * `activity` event here (naming the subject it happened on), so a widget showing the site's or a tag's activity
 * hears of new items through the page's one stream.
 */
export const ACTIVITY_SUBJECT = '~activity';

export interface FeedDocument {
  /** The format the document was written in; `kith` for Kith's own activity feeds. */
  format: 'rss' | 'atom' | 'rdf' | 'json' | 'kith';
  /** Plain text (HTML in a title is read as a browser shows it); `''` when the feed has none. */
  title: string;
  /** The site the feed belongs to: an absolute `http:` or `https:` URL. */
  link?: string;
  /** Plain text: RSS's channel description, Atom's subtitle, JSON Feed's description. */
  description?: string;
  /** When the feed says it last changed: ISO 8601 in UTC. */
  updated?: string;
  items: FeedItem[];
}

export interface FeedItem {
  /** The item's identity as the feed gives it (Atom `id`, RSS `guid`, JSON Feed `id`), else its link or title. */
  id: string;
  /** Plain text; `''` when the item has none. */
  title: string;
  /** An absolute `http:` or `https:` URL. */
  link?: string;
  /** ISO 8601 in UTC (`2003-12-31T10:14:55Z`). */
  published?: string;
  updated?: string;
  author?: FeedAuthor;
  /** The item's summary (RSS `description`, Atom `summary`, JSON Feed `summary`) as the safe tree. */
  summary?: Root;
  /** The item's full content (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`/`content_text`). */
  content?: Root;
  enclosures: FeedEnclosure[];
  /** Category and tag names, as written. */
  categories: string[];
  /** Kith's own activity feeds only: what the item is about, so a widget can word it in the reader's language. */
  activity?: ActivityFacts;
}

/** A comment, a rating or a tag on a subject (Kith's activity feeds). */
export interface ActivityFacts {
  kind: 'comment' | 'rating' | 'tag';
  subject: string;
  /** The subject's ID card name, when it has a card. */
  subjectName?: string;
  /** A comment's author. */
  author?: string;
  /** A rating's stars, 1–5. */
  stars?: number;
  /** A tag as shown. */
  tag?: string;
  /** A rating or a tag that several people gave in a row (the same stars or the same tag on the same subject, with
   * nothing else between them in the feed): how many of them the feed read, at least 2; absent for one. The item is
   * the newest of them. */
  people?: number;
  /** The run may go on past what the feed read: `people` is the least it can be ("by 3 or more people"). */
  peopleAtLeast?: boolean;
}

export interface FeedAuthor {
  name: string;
  /** An absolute `http:`, `https:` or `mailto:` URL. */
  url?: string;
}

export interface FeedEnclosure {
  /** An absolute `http:` or `https:` URL. */
  url: string;
  /** A MIME type, as the feed says it. */
  type?: string;
  /** Bytes, as the feed says it. */
  length?: number;
  title?: string;
}
