/**
 * A fetched feed to the proxy's JSON (issue 11). feedsmith reads the formats (RSS 0.9x, 1.0 and 2.0, Atom 0.3 and
 * 1.0, JSON Feed 1.0 and 1.1); what it leaves to its caller, this module does:
 *
 * - the bytes' encoding (`decode.ts`);
 * - `xml:base` (feed, entry and element, each resolved against the one around it) and relative links, against the
 *   document's own URL;
 * - dates (`dates.ts`);
 * - Atom's text constructs: `text` is text, `html` and `xhtml` are HTML, another XML type is read as XHTML, any
 *   other type is base64 (its UTF-8 read as HTML);
 * - JSON Feeds with an old, odd or missing `version`;
 * - HTML to the safe tree (`html.ts`): titles become their text, summaries and content the tree.
 *
 * The result is `FeedDocument` (src/core/feed-document.ts). `parseFeedBytes` throws `FeedParseError` when the
 * document is not a feed; it never throws anything else for any input.
 */
import { detectAtomFeed, detectRdfFeed, detectRssFeed, parseFeed as parseWithFeedsmith, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import type { FeedAuthor, FeedDocument, FeedEnclosure, FeedItem } from '../../../src/core/feed-document.ts';
import type { Root } from '../markdown/tree.ts';
import { parseFeedDate } from './dates.ts';
import { decodeFeed } from './decode.ts';
import { cleanText, htmlToText, htmlToTree, resolveHref, textToTree, type Base } from './html.ts';

export type { FeedAuthor, FeedDocument, FeedEnclosure, FeedItem };

/** At most this many items are read from a feed (the newest, in the feed's order). */
export const MAX_ITEMS = 100;
/** Titles, names and categories longer than this are cut (a title is a line, not an article). */
const MAX_LINE = 1000;
const MAX_CATEGORIES = 20;
const MAX_ENCLOSURES = 10;

export class FeedParseError extends Error {
  readonly code = 'feed_unreadable';
}

export interface ParseOptions {
  /** The response's `Content-Type`. */
  contentType?: string | undefined;
  /** How many items to read (default MAX_ITEMS; the bench compares every item). */
  maxItems?: number;
  /** The document's URL (after redirects; a `Content-Location` already resolved against it): the base of its links. */
  url?: string | undefined;
}

export interface ParsedFeed {
  document: FeedDocument;
  /** The encoding the bytes were read in. */
  encoding: string;
}

type AnyText = string | AtomFeed.Text | AtomFeed.Content | undefined;
type XmlCarrier = { xml?: { base?: string } } | undefined;

function line(text: string | undefined): string {
  const value = cleanText(text ?? '').replace(/\s+/g, ' ').trim();
  return value.length > MAX_LINE ? `${value.slice(0, MAX_LINE - 1)}…` : value;
}

/** `base` of an element resolved against the base around it; an unsafe or unreadable one is ignored. */
function baseOf(carrier: XmlCarrier, outer: Base): Base {
  const declared = carrier?.xml?.base;
  if (typeof declared !== 'string' || declared.trim() === '') return outer;
  try {
    const url = new URL(declared.trim(), outer);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : outer;
  } catch {
    return outer;
  }
}

/** A link for an item or a feed: `http:` or `https:` only. */
function webLink(href: string | undefined, base: Base): string | undefined {
  const url = resolveHref(href?.trim(), base);
  return url && /^https?:/i.test(url) ? url : undefined;
}

type TextKind = 'text' | 'html' | 'base64';

/** How an Atom text construct's `type` is read. */
function atomKind(type: string | undefined): TextKind {
  const value = (type ?? 'text').trim().toLowerCase();
  if (value === '' || value === 'text' || value === 'text/plain') return 'text';
  if (value === 'html' || value === 'xhtml' || value === 'text/html' || value.endsWith('/xml') || value.endsWith('+xml')) return 'html';
  if (value.startsWith('text/')) return 'text';
  return 'base64';
}

function fromBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}

/** A text construct as HTML or text, with its base. `rssHtml`: a plain string is HTML (RSS), else text (JSON). */
function readText(value: AnyText, base: Base, plainIsHtml: boolean): { kind: 'text' | 'html'; value: string; base: Base } | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { kind: plainIsHtml ? 'html' : 'text', value, base };
  if (typeof value.value !== 'string') return undefined;
  const own = baseOf(value, base);
  const kind = atomKind(value.type);
  if (kind !== 'base64') return { kind, value: value.value, base: own };
  const decoded = fromBase64(value.value);
  return decoded === undefined ? undefined : { kind: 'html', value: decoded, base: own };
}

function titleOf(value: AnyText, base: Base, plainIsHtml: boolean): string {
  const text = readText(value, base, plainIsHtml);
  if (!text) return '';
  return line(text.kind === 'html' ? htmlToText(text.value) : text.value);
}

function treeOf(value: AnyText, base: Base, plainIsHtml: boolean): Root | undefined {
  const text = readText(value, base, plainIsHtml);
  if (!text) return undefined;
  const tree = text.kind === 'html' ? htmlToTree(text.value, text.base) : textToTree(text.value);
  return tree.children.length > 0 ? tree : undefined;
}

function textOfHtml(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = line(htmlToText(value));
  return text === '' ? undefined : text;
}

function author(name: string | undefined, url: string | undefined, email: string | undefined, base: Base): FeedAuthor | undefined {
  const shown = line(name) || line(email);
  if (shown === '') return undefined;
  const link = resolveHref(url?.trim(), base) ?? (email && /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? `mailto:${email.trim()}` : undefined);
  return link ? { name: shown, url: link } : { name: shown };
}

/** `name (Real Name)` and `Real Name <name@…>`, as RSS writes people. */
function rssPerson(person: RssFeed.Person | undefined, base: Base): FeedAuthor | undefined {
  if (!person) return undefined;
  // RSS's text elements may hold escaped HTML, as its titles do: read as what it shows.
  let name = person.name === undefined ? undefined : htmlToText(person.name);
  let email = person.email === undefined ? undefined : htmlToText(person.email);
  if (!name && email) {
    const match = /^\s*(\S+@\S+)\s*\((.+)\)\s*$/.exec(email) ?? /^\s*(.+?)\s*<(\S+@\S+)>\s*$/.exec(email);
    if (match) [name, email] = match[1]!.includes('@') ? [match[2], match[1]] : [match[1], match[2]];
  }
  return author(name, person.link, email, base);
}

function enclosure(url: string | undefined, base: Base, type: string | undefined, length: number | string | undefined, title?: string): FeedEnclosure | undefined {
  const href = webLink(url, base);
  if (!href) return undefined;
  const result: FeedEnclosure = { url: href };
  if (type && type.trim() !== '') result.type = line(type);
  const bytes = typeof length === 'number' ? length : Number.parseInt(length ?? '', 10);
  if (Number.isSafeInteger(bytes) && bytes > 0) result.length = bytes;
  if (title && title.trim() !== '') result.title = line(title);
  return result;
}

function categories(names: (string | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    const value = line(name);
    if (value !== '') seen.add(value);
    if (seen.size === MAX_CATEGORIES) break;
  }
  return [...seen];
}

function present<T>(values: (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/** The item's fields, with `undefined` ones left out (the JSON stays small and `exactOptionalPropertyTypes`-proof). */
function item(fields: Omit<FeedItem, 'id'> & { id: string | undefined }): FeedItem {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value;
  result.id = fields.id ?? fields.link ?? (fields.title || fields.published) ?? '';
  return result as unknown as FeedItem;
}

function document(fields: FeedDocument): FeedDocument {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value;
  return result as unknown as FeedDocument;
}

// --- Atom -------------------------------------------------------------------------------------------------------

function atomLink(links: AtomFeed.Link<string>[] | undefined, base: Base): string | undefined {
  const candidates = (links ?? []).filter((link) => (link.rel ?? 'alternate').trim().toLowerCase() === 'alternate');
  const html = candidates.find((link) => !link.type || /html/i.test(link.type)) ?? candidates[0];
  return webLink(html?.href, base);
}

function atomEntry(entry: AtomFeed.Entry<string>, feedBase: Base): FeedItem {
  const base = baseOf(entry, feedBase);
  const person = entry.authors?.[0];
  const links = entry.links ?? [];
  return item({
    id: line(entry.id) || undefined,
    title: titleOf(entry.title, base, false),
    link: atomLink(links, base),
    published: parseFeedDate(entry.published ?? entry.dc?.dates?.[0]),
    updated: parseFeedDate(entry.updated),
    author: person ? author(person.name, person.uri, person.email, base) : undefined,
    summary: treeOf(entry.summary, base, false),
    content: entry.content?.src && !entry.content.value
      ? contentLink(entry.content.src, base)
      : treeOf(entry.content, base, false),
    enclosures: present(links.filter((link) => link.rel?.trim().toLowerCase() === 'enclosure').slice(0, MAX_ENCLOSURES).map((link) => enclosure(link.href, base, link.type, link.length, link.title))),
    categories: categories((entry.categories ?? []).map((category) => category.label || category.term)),
  });
}

/** Atom content that lives elsewhere (`<content src="…">`): a link to it. */
function contentLink(src: string, base: Base): Root | undefined {
  const href = webLink(src, base);
  return href ? { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'link', href, children: [{ type: 'text', value: href }] }] }] } : undefined;
}

function atomDocument(feed: AtomFeed.Feed<string>, documentBase: Base): FeedDocument {
  const base = baseOf(feed, documentBase);
  return document({
    format: 'atom',
    title: titleOf(feed.title, base, false),
    link: atomLink(feed.links, base),
    description: titleOf(feed.subtitle, base, false) || undefined,
    updated: parseFeedDate(feed.updated),
    items: (feed.entries ?? []).map((entry) => atomEntry(entry, base)),
  });
}

// --- RSS and RDF ------------------------------------------------------------------------------------------------

type RssLikeItem = RssFeed.Item<string> | RdfFeed.Item<string>;

function rssItem(entry: RssLikeItem, feedBase: Base): FeedItem {
  const base = baseOf(entry, feedBase);
  const rss = entry as RssFeed.Item<string>;
  const guid = rss.guid?.value?.trim();
  const guidLink = guid && rss.guid?.isPermaLink !== false ? webLink(guid, base) : undefined;
  const link = webLink(entry.link, base) ?? guidLink ?? atomLink(entry.atom?.links as AtomFeed.Link<string>[] | undefined, base);
  const creator = entry.dc?.creators?.[0];
  const about = (entry as RdfFeed.Item<string>).rdf?.about?.trim();
  return item({
    id: guid || about || undefined,
    title: titleOf(entry.title ?? entry.dc?.titles?.[0], base, true),
    link,
    published: parseFeedDate(rss.pubDate ?? entry.dc?.dates?.[0] ?? entry.atom?.published),
    updated: parseFeedDate(entry.atom?.updated ?? entry.dcterms?.modified?.[0] ?? entry.dc?.dates?.[0]),
    author: rssPerson(rss.authors?.[0], base) ?? (creator ? author(htmlToText(creator), undefined, undefined, base) : undefined),
    summary: treeOf(entry.description, base, true),
    content: treeOf(entry.content?.encoded, base, true),
    enclosures: present((rss.enclosures ?? []).slice(0, MAX_ENCLOSURES).map((value) => enclosure(value.url, base, value.type, value.length))),
    categories: categories([...(rss.categories ?? []).map((category) => category.name), ...(entry.dc?.subjects ?? [])].map((name) => (name === undefined ? undefined : htmlToText(name)))),
  });
}

function rssDocument(feed: RssFeed.Feed<string> | RdfFeed.Feed<string>, format: 'rss' | 'rdf', documentBase: Base): FeedDocument {
  const base = baseOf(feed, documentBase);
  return document({
    format,
    title: titleOf(feed.title ?? feed.dc?.titles?.[0], base, true),
    link: webLink(feed.link, base) ?? atomLink(feed.atom?.links as AtomFeed.Link<string>[] | undefined, base),
    description: textOfHtml(feed.description ?? feed.dc?.descriptions?.[0]),
    updated: parseFeedDate((feed as RssFeed.Feed<string>).lastBuildDate ?? (feed as RssFeed.Feed<string>).pubDate ?? feed.dc?.dates?.[0]),
    items: ((feed.items ?? []) as RssLikeItem[]).map((entry) => rssItem(entry, base)),
  });
}

// --- JSON Feed --------------------------------------------------------------------------------------------------

function jsonItem(entry: JsonFeed.Item<string>, base: Base): FeedItem {
  const person = entry.authors?.[0];
  const link = webLink(entry.url, base) ?? webLink(entry.external_url, base);
  const id = entry.id === undefined || entry.id === null ? undefined : line(String(entry.id));
  return item({
    id: id || undefined,
    title: line(entry.title),
    link,
    published: parseFeedDate(entry.date_published),
    updated: parseFeedDate(entry.date_modified),
    author: person ? author(person.name, person.url, undefined, base) : undefined,
    summary: entry.summary === undefined ? undefined : treeOf(entry.summary, base, false),
    content: entry.content_html !== undefined ? treeOf(entry.content_html, base, true) : treeOf(entry.content_text, base, false),
    enclosures: present((entry.attachments ?? []).slice(0, MAX_ENCLOSURES).map((value) => enclosure(value.url, base, value.mime_type, value.size_in_bytes, value.title))),
    categories: categories(entry.tags ?? []),
  });
}

function jsonDocument(feed: JsonFeed.Feed<string>, documentBase: Base): FeedDocument {
  const base = webLink(feed.feed_url, documentBase) ?? documentBase;
  return document({
    format: 'json',
    title: line(feed.title),
    link: webLink(feed.home_page_url, base),
    description: line(feed.description) || undefined,
    items: (feed.items ?? []).map((entry) => jsonItem(entry, base)),
  });
}

/**
 * A JSON Feed feedsmith would not take: one with items but an odd, old or missing `version` and no title. It is
 * given the current version; anything without an `items` array is left alone (and is not a feed).
 */
function looseJson(text: string): string {
  if (!/^\s*\{/.test(text)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { items?: unknown }).items)) return text;
  const feed = value as Record<string, unknown>;
  if (typeof feed.version === 'string' && feed.version.includes('jsonfeed.org/version/')) return text;
  return JSON.stringify({ ...feed, version: 'https://jsonfeed.org/version/1.1' });
}

/**
 * The document without its `<!DOCTYPE …>`: entities a document declares are never expanded (the way to the
 * "billion laughs"), and an external one the parser cannot read would make the whole feed unreadable. HTML's named
 * entities (`&eacute;`) are still read.
 */
function withoutDoctype(text: string): string {
  return text.replace(/^(\uFEFF?\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*)<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/i, '$1');
}

/** A feed's root element with nothing feedsmith can read in it (`<rss></rss>`, a channel-less RDF): an empty feed. */
function emptyFeedFormat(text: string): FeedDocument['format'] | undefined {
  try {
    if (detectRssFeed(text)) return 'rss';
    if (detectAtomFeed(text)) return 'atom';
    if (detectRdfFeed(text)) return 'rdf';
  } catch {
    // not a feed
  }
  return undefined;
}

function documentBaseOf(url: string | undefined): Base {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL a fetched document's relative links resolve against: its `Content-Location` when that is an `http:` or
 * `https:` URL (resolved against the URL fetched), else the URL fetched, after redirects.
 */
export function documentUrl(fetched: string, contentLocation?: string | null): string {
  if (!contentLocation) return fetched;
  try {
    const url = new URL(contentLocation.trim(), fetched);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : fetched;
  } catch {
    return fetched;
  }
}

/** Parses a decoded document. Throws `FeedParseError` when it is not a feed. */
export function parseFeedText(text: string, url?: string, maxItems = MAX_ITEMS): FeedDocument {
  const base = documentBaseOf(url);
  const source = withoutDoctype(looseJson(text));
  let parsed;
  try {
    parsed = parseWithFeedsmith(source, { maxItems });
  } catch {
    const format = emptyFeedFormat(source);
    if (format) return { format, title: '', items: [] };
    throw new FeedParseError('The document is not an RSS, Atom or JSON feed.');
  }
  switch (parsed.format) {
    case 'atom':
      return atomDocument(parsed.feed, base);
    case 'rss':
      return rssDocument(parsed.feed, 'rss', base);
    case 'rdf':
      return rssDocument(parsed.feed, 'rdf', base);
    case 'json':
      return jsonDocument(parsed.feed, base);
  }
}

/** Decodes and parses a fetched document. Throws `FeedParseError` when it is not a feed. */
export function parseFeedBytes(bytes: Uint8Array, options: ParseOptions = {}): ParsedFeed {
  const { text, encoding } = decodeFeed(bytes, options.contentType);
  return { document: parseFeedText(text, options.url, options.maxItems), encoding };
}
