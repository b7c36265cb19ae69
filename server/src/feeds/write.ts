/**
 * A FeedDocument written out as Atom 1.0, RSS 2.0 or JSON Feed 1.1 (issue 11: Kith's activity feeds), with
 * feedsmith's generators. Trees become HTML through `treeToHtml` (every character escaped, only allowed links), and
 * feedsmith escapes what goes into the XML (CDATA sections split around any `]]>`).
 *
 * `self` is the feed's own URL (Atom and JSON Feed name it; RSS gets it as `atom:link rel="self"`, as the RSS
 * Advisory Board recommends). Atom entry ids are that URL with the item's id as fragment: stable and an IRI.
 */
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import type { FeedDocument, FeedItem } from '../../../src/core/feed-document.ts';
import { treeToHtml } from '../markdown/to-html.ts';

export type FeedFormat = 'atom' | 'rss' | 'json';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

interface WriteOptions {
  self: string;
  /** Used where a format needs a date and the feed has none (an empty feed). */
  now: Date;
  /** Who the feed is by (Atom wants an author for every entry; the site's name). */
  author: string;
}

function html(item: FeedItem): string | undefined {
  const tree = item.content ?? item.summary;
  return tree ? treeToHtml(tree) : undefined;
}

function date(value: string | undefined, fallback: Date): Date {
  return value ? new Date(value) : fallback;
}

function entryId(self: string, item: FeedItem): string {
  return `${self.split('#')[0]}#${encodeURIComponent(item.id)}`;
}

export function writeAtom(document: FeedDocument, options: WriteOptions): string {
  const updated = date(document.updated, options.now);
  return generateAtomFeed({
    id: options.self,
    title: { value: document.title, type: 'text' },
    ...(document.description ? { subtitle: { value: document.description, type: 'text' } } : {}),
    updated,
    authors: [{ name: options.author }],
    links: [{ href: options.self, rel: 'self', type: 'application/atom+xml' }, ...(document.link ? [{ href: document.link, rel: 'alternate', type: 'text/html' }] : [])],
    generator: { text: 'Kith' },
    entries: document.items.map((item) => {
      const content = html(item);
      return {
        id: entryId(options.self, item),
        title: { value: item.title, type: 'text' },
        updated: date(item.updated ?? item.published, updated),
        ...(item.published ? { published: new Date(item.published) } : {}),
        ...(item.author ? { authors: [{ name: item.author.name }] } : {}),
        ...(item.link ? { links: [{ href: item.link, rel: 'alternate' }] } : {}),
        ...(content ? { content: { value: content, type: 'html' } } : {}),
        ...(item.categories.length ? { categories: item.categories.map((term) => ({ term })) } : {}),
      };
    }),
  } as Parameters<typeof generateAtomFeed>[0]);
}

export function writeRss(document: FeedDocument, options: WriteOptions): string {
  return generateRssFeed({
    title: document.title,
    link: document.link ?? options.self,
    description: document.description ?? document.title,
    ...(document.updated ? { lastBuildDate: new Date(document.updated) } : {}),
    generator: 'Kith',
    atom: { links: [{ href: options.self, rel: 'self', type: 'application/rss+xml' }] },
    items: document.items.map((item) => {
      const content = html(item);
      return {
        title: item.title,
        guid: { value: entryId(options.self, item), isPermaLink: false },
        ...(item.link ? { link: item.link } : {}),
        ...(item.published ? { pubDate: new Date(item.published) } : {}),
        ...(content ? { description: content } : {}),
        ...(item.author ? { dc: { creators: [item.author.name] } } : {}),
        ...(item.categories.length ? { categories: item.categories.map((name) => ({ name })) } : {}),
      };
    }),
  } as Parameters<typeof generateRssFeed>[0]);
}

export function writeJsonFeed(document: FeedDocument, options: WriteOptions): string {
  return JSON.stringify(
    generateJsonFeed({
      title: document.title,
      ...(document.link ? { home_page_url: document.link } : {}),
      feed_url: options.self,
      ...(document.description ? { description: document.description } : {}),
      authors: [{ name: options.author }],
      items: document.items.map((item) => {
        const content = html(item);
        return {
          id: entryId(options.self, item),
          title: item.title,
          ...(item.link ? { url: item.link } : {}),
          // JSON Feed needs content_html or content_text.
          ...(content ? { content_html: content } : { content_text: item.title }),
          ...(item.published ? { date_published: new Date(item.published) } : {}),
          ...(item.updated ? { date_modified: new Date(item.updated) } : {}),
          ...(item.author ? { authors: [{ name: item.author.name }] } : {}),
          ...(item.categories.length ? { tags: item.categories } : {}),
        };
      }),
    } as Parameters<typeof generateJsonFeed>[0]),
  );
}

export function writeFeed(format: FeedFormat, document: FeedDocument, options: WriteOptions): string {
  return format === 'atom' ? writeAtom(document, options) : format === 'rss' ? writeRss(document, options) : writeJsonFeed(document, options);
}
