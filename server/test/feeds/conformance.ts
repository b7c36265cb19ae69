// The feedparser corpus (../shared/corpora/feeds/feedparser) read through the proxy's parser: each case's file is
// parsed as the upstream runner serves it (files under `http` with their `Header:` lines, at their upstream URL),
// and its checks are read against a feedparser-shaped view of the proxy's output. Used by conformance.test.ts.
import { readFileSync } from 'node:fs';
import { encodingOf } from '../../src/feeds/decode.ts';
import { parseFeedDate } from '../../src/feeds/dates.ts';
import { htmlToText, htmlToTree, textToTree } from '../../src/feeds/html.ts';
import { documentUrl, FeedParseError, parseFeedBytes, type FeedDocument, type FeedItem } from '../../src/feeds/parse.ts';
import type { Root } from '../../src/markdown/tree.ts';

export const CORPUS = new URL('../../../../shared/corpora/feeds/feedparser/', import.meta.url);

export interface Check {
  path: (string | number)[];
  op: 'eq' | 'falsy';
  value?: unknown;
  value_iso_utc?: string;
}

export interface Case {
  file: string;
  description: string;
  expect: string;
  http_headers?: Record<string, string> | null;
  served_as?: string | null;
  bozo: boolean | null;
  checks?: Check[];
  structured: boolean;
}

export const cases = JSON.parse(readFileSync(new URL('feedparser-manifest.json', CORPUS), 'utf8')) as Case[];

export interface Outcome {
  /** The parser's result, or the error it threw. */
  document?: FeedDocument;
  encoding?: string;
  error?: unknown;
}

export function header(record: Case, name: string): string | undefined {
  const headers = record.http_headers ?? {};
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** Parses a case's file as the upstream runner serves it. */
export function run(record: Case): Outcome {
  const bytes = readFileSync(new URL(record.file, CORPUS));
  const servedAs = record.served_as ?? undefined;
  const contentType = servedAs ? (header(record, 'content-type') ?? 'text/xml') : undefined;
  const url = servedAs ? documentUrl(servedAs, header(record, 'content-location')) : undefined;
  try {
    const { document, encoding } = parseFeedBytes(bytes, { contentType, url });
    return { document, encoding };
  } catch (error) {
    return { error };
  }
}

/** A field of the view, and how its expected value is read. */
type Field =
  | { kind: 'text'; value: string | undefined }
  | { kind: 'tree'; value: Root | undefined }
  | { kind: 'date'; value: string | undefined }
  | { kind: 'encoding'; value: string | undefined }
  /** The base links were resolved against, seen through the links of this tree. */
  | { kind: 'base'; value: Root | undefined }
  | { kind: 'plain'; value: unknown };

type View = Record<string, unknown>;

function text(value: string | undefined): Field {
  return { kind: 'text', value };
}
function tree(value: Root | undefined): Field {
  return { kind: 'tree', value };
}
function date(value: string | undefined): Field {
  return { kind: 'date', value };
}
function plain(value: unknown): Field {
  return { kind: 'plain', value };
}

const EMPTY: Root = { type: 'root', children: [] };

function base(value: Root | undefined): Field {
  return { kind: 'base', value };
}

function entryView(item: FeedItem): View {
  // feedparser's description and summary are one field, filled from the content when there is no summary.
  const summaryTree = item.summary ?? item.content ?? EMPTY;
  const summary = tree(summaryTree);
  const content = item.content ?? EMPTY;
  return {
    title: text(item.title),
    title_detail: { value: text(item.title) },
    link: plain(item.link),
    links: [
      ...(item.link ? [{ href: plain(item.link), rel: plain('alternate') }] : []),
      ...item.enclosures.map((enclosure) => ({ href: plain(enclosure.url), rel: plain('enclosure'), type: plain(enclosure.type), length: plain(enclosure.length === undefined ? undefined : String(enclosure.length)) })),
    ],
    id: plain(item.id),
    guid: plain(item.id),
    description: summary,
    summary,
    summary_detail: { value: summary, base: base(summaryTree) },
    content: [{ value: tree(content), base: base(content) }],
    published: date(item.published),
    published_parsed: date(item.published),
    updated: date(item.updated),
    updated_parsed: date(item.updated),
    author: text(item.author?.name),
    author_detail: item.author
      ? {
          name: text(item.author.name),
          href: plain(item.author.url),
          url: plain(item.author.url),
          email: plain(item.author.url?.startsWith('mailto:') ? item.author.url.slice('mailto:'.length) : undefined),
        }
      : undefined,
    tags: item.categories.map((term) => ({ term: text(term), label: text(term) })),
    category: text(item.categories[0]),
    enclosures: item.enclosures.map((enclosure) => ({
      href: plain(enclosure.url),
      url: plain(enclosure.url),
      type: plain(enclosure.type),
      length: plain(enclosure.length === undefined ? undefined : String(enclosure.length)),
    })),
  };
}

/** The proxy's output in feedparser's names, each field with how its expected value is read. */
export function view(outcome: Outcome): View {
  const feed = outcome.document;
  return {
    encoding: { kind: 'encoding', value: outcome.encoding } satisfies Field,
    feed: feed
      ? {
          title: text(feed.title),
          title_detail: { value: text(feed.title) },
          link: plain(feed.link),
          description: text(feed.description),
          subtitle: text(feed.description),
          tagline: text(feed.description),
          info: text(feed.description),
          updated: date(feed.updated),
          updated_parsed: date(feed.updated),
          // The proxy keeps one date for a feed: RSS's pubDate is read as when the channel changed.
          published: date(feed.updated),
          published_parsed: date(feed.updated),
          links: feed.link ? [{ href: plain(feed.link), rel: plain('alternate') }] : [],
        }
      : {},
    entries: feed ? feed.items.map(entryView) : [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isField(value: unknown): value is Field {
  return typeof value === 'object' && value !== null && 'kind' in value && 'value' in value;
}

export function lookup(root: View, path: (string | number)[]): { found: boolean; field?: Field; value?: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (isField(current)) return { found: false };
    if (current === undefined || current === null || typeof current !== 'object') return { found: false };
    current = (current as Record<string | number, unknown>)[key];
    if (current === undefined) return { found: false };
  }
  return isField(current) ? { found: current.value !== undefined, field: current } : { found: true, value: current };
}

const stableTree = (root: Root | undefined): string => JSON.stringify(root?.children ?? []);

/**
 * Whether `field` holds what feedparser's `expected` says. Feedparser's values are HTML when the source was HTML
 * and text when it was text, and the manifest does not say which: an expected value is read as HTML, or, when it
 * has no `&` (so no character reference could be mistaken), also as the text it is.
 */
export function matches(field: Field, expected: unknown, isoUtc?: string): boolean {
  switch (field.kind) {
    case 'text': {
      if (typeof expected !== 'string') return false;
      return field.value === htmlToText(expected) || (!expected.includes('&') && field.value === expected.replace(/\s+/g, ' ').trim());
    }
    case 'tree': {
      if (typeof expected !== 'string') return false;
      const ours = stableTree(field.value);
      return ours === stableTree(htmlToTree(expected)) || (!expected.includes('&') && ours === stableTree(textToTree(expected)));
    }
    case 'date':
      return field.value !== undefined && field.value === (isoUtc ?? (typeof expected === 'string' ? parseFeedDate(expected) : undefined));
    case 'encoding':
      return typeof expected === 'string' && field.value !== undefined && encodingOf(field.value) === encodingOf(expected);
    case 'plain':
      return field.value === expected;
    case 'base': {
      // The base is not in the output; what it did is: every link of the tree starts with it.
      const hrefs = JSON.stringify(field.value ?? {}).match(/"href":"[^"]*"/g) ?? [];
      return typeof expected === 'string' && hrefs.length > 0 && hrefs.every((href) => href.startsWith(`"href":"${expected}`));
    }
  }
}

export interface Verdict {
  pass: boolean;
  /** What failed, for the report. */
  failures: string[];
}

/** A case's structured checks read against the proxy's output. `bozo` is read as "the parser refused it". */
export function judge(record: Case, outcome: Outcome): Verdict {
  const failures: string[] = [];
  if (outcome.error !== undefined && !(outcome.error instanceof FeedParseError)) failures.push(`threw ${String(outcome.error)}`);
  if (record.bozo === false && outcome.error !== undefined) failures.push('refused a well-formed feed');
  const root = view(outcome);
  for (const check of record.checks ?? []) {
    const { found, field, value } = lookup(root, check.path);
    const path = check.path.join('.');
    if (check.op === 'falsy') {
      const empty = !found || (field ? !field.value : !value);
      if (!empty) failures.push(`${path} should be empty`);
      continue;
    }
    if (!field && isRecord(value) && isRecord(check.value)) {
      // A whole object (an enclosure, a link): each of its expected keys.
      for (const [key, expected] of Object.entries(check.value)) {
        const inner = value[key];
        if (!isField(inner) || !matches(inner, expected)) failures.push(`${path}.${key}: ${JSON.stringify(isField(inner) ? inner.value : inner)} ≠ ${JSON.stringify(expected)}`);
      }
      continue;
    }
    if (!field) {
      failures.push(`${path}: not in the output`);
      continue;
    }
    if (!found && field.kind === 'text' && check.value === '') continue;
    if (!matches(field, check.value, check.value_iso_utc)) failures.push(`${path}: ${JSON.stringify(field.value)} ≠ ${JSON.stringify(check.value_iso_utc ?? check.value)}`);
  }
  return { pass: failures.length === 0, failures };
}
