// The feed proxy's parser against third-party test material (issue 11):
// - feedparser's feed tests (../shared/corpora/feeds/feedparser/feedparser-manifest.json): every case, each check
//   read against the proxy's output (conformance.ts maps feedparser's names); cases that are feedparser's own
//   policy, or ask for something the proxy does not return, are listed below with their reason. Every other case
//   must pass. It prints how many pass, by folder.
// - feedparser's date rows (feedparser-dates.json);
// - the JSON Feed 1.1 spec examples (../shared/corpora/feeds/jsonfeed-examples).
// Whatever the case, the output must be safe: every summary and content is the allow-listed tree, every link http,
// https or mailto, and the parser throws nothing but "not a feed".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseFeedDate } from '../../src/feeds/dates.ts';
import { FeedParseError, parseFeedBytes, type FeedDocument } from '../../src/feeds/parse.ts';
import { htmlToText, treeText } from '../../src/feeds/html.ts';
import { isTree } from '../../src/markdown/tree.ts';
import { CORPUS, cases, judge, run, type Case, type Outcome } from './conformance.ts';

const NOT_RETURNED = 'asks for a field the proxy does not return (its output is the issue\'s list: title, link, description, updated; items with id, title, link, dates, author, summary, content, enclosures, categories)';
const VERSION = 'asks for the format\'s version; the proxy returns the format (rss, rdf, atom, json), which is all a reader needs';
const SOURCE_TYPE = 'asks for the source\'s MIME type; the proxy turns text and HTML alike into the tree, so the type is not returned';
const TITLE_BASE = 'asks for a title\'s xml:base; titles are returned as text, so no link in them is resolved (bases of summaries and content are checked through their links)';
const RFC_3023 = 'RFC 3023 (2001) made text/xml without a charset US-ASCII whatever the XML declaration says; RFC 7303 (2014) replaced it: the BOM or the declaration decides, which is what the proxy does';
const CHARDET = 'an undeclared encoding guessed by statistics (feedparser\'s optional chardet); the proxy reads undeclared bytes as UTF-8, else windows-1252, as browsers do';
const HTML5 = 'feedparser\'s pre-HTML5 parser; the proxy parses HTML as browsers do (parse5), and its result is what a browser would show with the dangerous parts removed';
const ONE_LINK = 'asks for links the proxy does not return: it keeps one link per item and per feed (the alternate one) and enclosures, not self links, link types or the order of feedparser\'s link list';
const BOZO = 'feedparser\'s own result for a broken document (its bozo report and what it keeps of the mojibake); the proxy reads what it can or refuses the document';

/** Cases whose expectation is not a fact about the feed the proxy should return, with why. */
const OUT_OF_SCOPE: Record<string, string> = {
  'encoding/bozo_linenoise.xml': BOZO,
  'encoding/bozo_http_i18n.xml': 'asks for the class of feedparser\'s exception',
  'encoding/http_text_xml_bogus_charset.xml': RFC_3023,
  'encoding/http_text_xml_bogus_param.xml': RFC_3023,
  'encoding/http_text_xml_default.xml': RFC_3023,
  'encoding/http_text_xml_qs.xml': RFC_3023,
  'illformed/rss_item_link_corrupted_ampersands.xml': 'a document cut off before its end (`</rss`): the proxy refuses it rather than guess',
  ...Object.fromEntries(['big5', 'eucjp', 'euckr', 'gb2312', 'koi8r', 'shiftjis', 'tis620', 'windows1255'].map((name) => [`illformed/chardet/${name}.xml`, CHARDET])),
  'wellformed/rdf/rss_version_10.xml': VERSION,
  'wellformed/rdf/rss_version_10_not_default_ns.xml': VERSION,
  ...Object.fromEntries(['090', '091_netscape', '091_userland', '092', '093', '094', '20', '201', '21', 'missing'].map((name) => [`wellformed/rss/rss_version_${name}.xml`, VERSION])),
  'wellformed/atom10/atom10_version.xml': VERSION,
  'wellformed/rss/channel_category.xml': NOT_RETURNED,
  'wellformed/rss/channel_category_multiple.xml': NOT_RETURNED,
  'wellformed/rss/channel_image_link.xml': NOT_RETURNED,
  'wellformed/rss/channel_image_title.xml': NOT_RETURNED,
  'wellformed/rss/channel_image_url.xml': NOT_RETURNED,
  'wellformed/rss/channel_ttl.xml': NOT_RETURNED,
  'wellformed/rss/item_category_multiple.xml': 'asks for a category\'s scheme (domain); the proxy returns category names',
  'wellformed/rss/item_comments.xml': NOT_RETURNED,
  'wellformed/rss/item_source.xml': NOT_RETURNED,
  'wellformed/rss/item_source_url.xml': NOT_RETURNED,
  'wellformed/atom10/feed_author_name.xml': NOT_RETURNED,
  'wellformed/atom10/feed_author_uri.xml': NOT_RETURNED,
  'wellformed/atom10/feed_icon.xml': NOT_RETURNED,
  'wellformed/atom10/feed_id.xml': NOT_RETURNED,
  'wellformed/atom10/feed_logo.xml': NOT_RETURNED,
  'wellformed/atom/entry_created.xml': 'Atom 0.3\'s `created`, which Atom 1.0 dropped; the proxy returns published and updated',
  'wellformed/atom/entry_created_parsed.xml': 'Atom 0.3\'s `created`, as above',
  'wellformed/atom/entry_created_multiple_values.xml': 'Atom 0.3\'s `created`, as above',
  'wellformed/atom/entry_updated_multiple_values.xml': 'which of two values of an element allowed once wins (feedparser keeps the last, feedsmith the first): the feed is invalid',
  'wellformed/atom10/entry_author_email.xml': 'asks for an author\'s email beside a web page; the proxy keeps one link per author, the page first',
  'wellformed/atom10/entry_category_term.xml': 'asks for a category\'s term where it has a label; the proxy returns the label, the name meant to be shown (RFC 4287 §4.2.2.3)',
  'wellformed/atom10/entry_category_term_non_ascii.xml': 'the label, as above',
  'wellformed/atom10/entry_content_src.xml': 'asks for `content/@src`; the proxy returns that content as a link to it',
  'wellformed/atom10/entry_link_no_href.xml': 'a link\'s address is its href attribute (RFC 4287 §4.2.7.1); feedparser reads the element\'s text',
  'wellformed/atom10/entry_link_multiple.xml': ONE_LINK,
  'wellformed/atom10/entry_link_rel_self.xml': ONE_LINK,
  'wellformed/atom10/feed_link_multiple.xml': ONE_LINK,
  'wellformed/atom10/feed_link_rel_self.xml': ONE_LINK,
  'wellformed/base/feed_link_xml_base_iri.xml': `${ONE_LINK} (and URLs are returned in their ASCII form)`,
  'wellformed/rss/item_enclosure_url.xml': ONE_LINK,
  'wellformed/rss/item_content_encoded_type.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_content_type.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_content_type_text.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_summary_type_default.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_summary_type_text.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_title_type_default.xml': SOURCE_TYPE,
  'wellformed/atom10/entry_title_type_text.xml': SOURCE_TYPE,
  'wellformed/atom10/feed_title_content_type.xml': SOURCE_TYPE,
  'wellformed/atom10/feed_title_content_type_text.xml': SOURCE_TYPE,
  ...Object.fromEntries(
    ['entry_title_xml_base', 'entry_title_xml_base_inherit', 'entry_title_xml_base_inherit_2', 'entry_title_xml_base_inherit_3', 'entry_title_xml_base_inherit_4', 'http_relative_xml_base', 'http_relative_xml_base_2', 'malformed_base', 'relative_xml_base', 'relative_xml_base_2', 'unsafe_base'].map((name) => [`wellformed/base/${name}.xml`, TITLE_BASE]),
  ),
  'wellformed/rss/entity_in_doctype.xml': 'an entity the document declares in its DTD: the proxy never expands those (the way to "billion laughs" attacks)',
  'wellformed/rss/item_description_and_summary.xml': 'a `<summary>` element in RSS, which RSS does not have; feedparser\'s mapping of it',
  'wellformed/rss/item_summary_and_description.xml': 'a `<summary>` element in RSS, as above',
  'wellformed/rss/item_madeup_tags_element.xml': 'a made-up `<tags>` element; feedparser\'s reading of it',
  'wellformed/rss/item_description_not_a_doctype.xml': 'an `<item>` outside any `<channel>`, which is not RSS; feedsmith reads items in the channel',
  'wellformed/rss/item_description_not_a_doctype2.xml': 'an `<item>` outside any `<channel>`, as above',
  'wellformed/rss/item_xhtml_body.xml': 'an `xhtml:body` element in an RSS item, a convention feedsmith does not read (content:encoded is read)',
  'wellformed/sanitize/entry_content_iframe.xml': HTML5,
  'wellformed/sanitize/item_description_iframe.xml': HTML5,
  'wellformed/sanitize/item_content_encoded_script_nested_cdata.xml': HTML5,
  'wellformed/sanitize/xml_declaration_unexpected_character.xml': HTML5,
  'wellformed/sanitize/xml_malicious_comment.xml': HTML5,
  'wellformed/sanitize/entry_content_script_base64.xml': 'Atom 0.3\'s `mode="base64"`, an attribute feedsmith does not report (Atom 1.0 says base64 by the type); the encoded text is shown as text, so nothing runs',
  'wellformed/node_precedence/atom10_arbitrary_element.xml': 'an element no format defines; feedparser returns every element',
  'encoding/bozo_double-encoded-html.xml': BOZO,
};

/** The cases the manifest could not put as structured checks, as code. */
const UNSTRUCTURED: Record<string, (document: FeedDocument) => boolean> = {
  'encoding/double-encoded-html.xml': (feed) => treeText(feed.items[0]?.summary ?? { type: 'root', children: [] }) === '\u2026',
  'wellformed/xml/escaped_apos.xml': (feed) => feed.title === "it's correct",
  'wellformed/node_precedence/atom10_id.xml': (feed) => feed.items[0]?.id === 'Correct Value' && feed.items[1]?.id === 'Correct Value',
  'wellformed/node_precedence/atom10_title.xml': (feed) => feed.items[0]?.title === 'Correct Value' && feed.items[1]?.title === 'Correct Value',
  // guidislink: the guid is the item's link.
  'wellformed/rss/item_guid_guidislink.xml': (feed) => feed.items[0]?.link !== undefined && feed.items[0].link === feed.items[0].id,
  'wellformed/rss/item_guid_isPermaLink_guidislink.xml': (feed) => feed.items[0]?.link !== undefined && feed.items[0].link === feed.items[0].id,
  'wellformed/rss/item_guid_not_permalink.xml': (feed) => feed.items[0] !== undefined && feed.items[0].link === undefined,
  'wellformed/atom10/entry_link_rel_enclosure_no_href.xml': (feed) => feed.items[0]?.link === 'http://www.example.com/alternate' && feed.items[1]?.link === 'http://www.example.com/alternate',
  'wellformed/atom/entry_created_multiple_values.xml': () => true,
  // feedparser keeps the crazy markup as it was (minus scripts); what a browser shows of it is the heading and the
  // div (the <title> is the document's, not the body's), and nothing of its scripts may survive (assertSafe).
  'wellformed/sanitize/entry_content_crazy.xml': (feed) => crazyShown(feed.items[0]?.content),
  'wellformed/sanitize/item_description_crazy.xml': (feed) => crazyShown(feed.items[0]?.summary),
};

function crazyShown(tree: FeedDocument['items'][number]['content']): boolean {
  return tree !== undefined && treeText(tree) === 'Did The Javascript Execute?\nI will execute here, too, if you mouse over me';
}

/** What must hold of any output: only the allow-listed tree, only safe links. */
function assertSafe(outcome: Outcome, file: string): void {
  if (outcome.error !== undefined) {
    assert.ok(outcome.error instanceof FeedParseError, `${file}: threw ${String(outcome.error)}`);
    return;
  }
  const feed = outcome.document!;
  const json = JSON.stringify(feed);
  assert.doesNotMatch(json, /javascript:|vbscript:|data:text|<script|onerror=|onclick=/i, `${file}: something unsafe in the output`);
  for (const url of [feed.link, ...feed.items.flatMap((item) => [item.link, ...item.enclosures.map((enclosure) => enclosure.url)])]) {
    if (url !== undefined) assert.match(url, /^https?:\/\//, `${file}: link ${url}`);
  }
  for (const item of feed.items) {
    for (const tree of [item.summary, item.content]) if (tree) assert.ok(isTree(tree), `${file}: not the allow-listed tree`);
  }
}

function folderOf(record: Case): string {
  return record.file.replace(/^files\//, '').split('/').slice(0, -1).join('/');
}

describe('the feedparser corpus through the proxy\'s parser', () => {
  it('passes every case in scope, and lists the others with their reasons', () => {
    const byFolder = new Map<string, { pass: number; inScope: number; outOfScope: number }>();
    const failures: string[] = [];
    const listed = new Set<string>();
    for (const record of cases) {
      const file = record.file.replace(/^files\//, '');
      const outcome = run(record);
      assertSafe(outcome, file);
      const folder = byFolder.get(folderOf(record)) ?? { pass: 0, inScope: 0, outOfScope: 0 };
      byFolder.set(folderOf(record), folder);
      const reason = OUT_OF_SCOPE[file];
      if (reason !== undefined) {
        listed.add(file);
        folder.outOfScope += 1;
        continue;
      }
      folder.inScope += 1;
      let pass: boolean;
      let why: string;
      if (record.structured) {
        const verdict = judge(record, outcome);
        pass = verdict.pass;
        why = verdict.failures.join('; ');
      } else {
        const check = UNSTRUCTURED[file];
        assert.ok(check, `${file}: an unstructured case with no check here (${record.expect})`);
        const refusedWellFormed = outcome.error !== undefined && record.bozo !== true;
        pass = !refusedWellFormed && outcome.document !== undefined && check(outcome.document);
        why = `fails ${record.expect}`;
      }
      if (pass) folder.pass += 1;
      else failures.push(`${file}: ${why}`);
    }
    let pass = 0;
    let inScope = 0;
    const lines = [...byFolder].sort(([a], [b]) => a.localeCompare(b)).map(([folder, counts]) => {
      pass += counts.pass;
      inScope += counts.inScope;
      return `  ${folder.padEnd(22)} ${String(counts.pass).padStart(3)} of ${String(counts.inScope).padStart(3)} in scope${counts.outOfScope ? `, ${counts.outOfScope} out of scope` : ''}`;
    });
    console.log(`feedparser corpus: ${pass} of ${inScope} cases in scope pass; ${listed.size} of ${cases.length} are out of scope (reasons in conformance.test.ts)\n${lines.join('\n')}`);
    assert.deepEqual(failures, []);
    // Every case listed out of scope exists, so the list cannot hide a renamed file.
    const files = new Set(cases.map((record) => record.file.replace(/^files\//, '')));
    for (const file of Object.keys(OUT_OF_SCOPE)) assert.ok(files.has(file), `${file} is listed but is not in the corpus`);
  });

  it('reads nothing but the safe tree out of the sanitize folder (script, on* handlers, iframes, styles)', () => {
    const sanitize = cases.filter((record) => record.file.includes('/sanitize/'));
    assert.ok(sanitize.length >= 40);
    for (const record of sanitize) {
      const outcome = run(record);
      assert.equal(outcome.error, undefined, record.file);
      const json = JSON.stringify(outcome.document);
      assert.doesNotMatch(json, /alert|location\.href|<script|javascript:|onclick|onerror|onload|onmouseover|style=/i, record.file);
    }
  });
});

describe('feedparser\'s date rows', () => {
  interface Row {
    parse_date: string;
    input_value: string;
    expected_value: number[] | null;
    expected_iso_utc?: string;
  }
  const rows = JSON.parse(readFileSync(new URL('feedparser-dates.json', CORPUS), 'utf8')) as Row[];
  /** One parser reads every form, so a row whose verdict belongs to one of feedparser's sub-parsers only is listed. */
  const OUT: Record<string, string> = {
    '03335': 'a two-digit-year ordinal date (YYDDD) that only feedparser\'s ISO 8601 sub-parser reads; its W3C-DTF rows want the same five-digit shape ("22013") refused, and one parser cannot do both: the proxy refuses it',
  };

  it('reads every date row in scope and refuses the ones that are not dates', () => {
    const failures: string[] = [];
    let pass = 0;
    let inScope = 0;
    for (const row of rows) {
      if (OUT[row.input_value] !== undefined) continue;
      inScope += 1;
      const got = parseFeedDate(row.input_value);
      const want = row.expected_value === null ? undefined : row.expected_iso_utc;
      if (got === want) pass += 1;
      else failures.push(`${row.parse_date}(${JSON.stringify(row.input_value)}): ${got} ≠ ${want}`);
    }
    console.log(`feedparser dates: ${pass} of ${inScope} rows in scope pass; ${rows.length - inScope} out of scope`);
    assert.deepEqual(failures, []);
  });
});

describe('the JSON Feed 1.1 examples', () => {
  for (const name of ['simple', 'podcast', 'microblog']) {
    it(`reads ${name}.json as the spec example says`, () => {
      const url = new URL(`../jsonfeed-examples/${name}.json`, CORPUS);
      const raw = JSON.parse(readFileSync(url, 'utf8')) as {
        title: string;
        home_page_url?: string;
        items: { id: string; url?: string; title?: string; content_text?: string; content_html?: string; summary?: string; date_published?: string; attachments?: { url: string; mime_type: string; size_in_bytes?: number }[] }[];
      };
      const { document } = parseFeedBytes(readFileSync(url), { contentType: 'application/feed+json' });
      assert.equal(document.format, 'json');
      assert.equal(document.title, raw.title);
      assert.equal(document.link, raw.home_page_url);
      assert.equal(document.items.length, raw.items.length);
      raw.items.forEach((expected, i) => {
        const item = document.items[i]!;
        assert.equal(item.id, expected.id);
        assert.equal(item.link, expected.url);
        assert.equal(item.title, expected.title ?? '');
        if (expected.date_published) assert.equal(item.published, new Date(expected.date_published).toISOString().replace('.000', ''));
        const shown = treeText(item.content!);
        if (expected.content_html) assert.equal(shown, htmlToText(expected.content_html));
        else assert.equal(shown, expected.content_text!.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).join('\n'));
        if (expected.summary) assert.equal(treeText(item.summary!), expected.summary);
        assert.deepEqual(
          item.enclosures,
          (expected.attachments ?? []).map((attachment) => ({ url: attachment.url, type: attachment.mime_type, ...(attachment.size_in_bytes ? { length: attachment.size_in_bytes } : {}) })),
        );
      });
    });
  }

  it('reads a JSON Feed 1.0, one with no version, and one with an unknown version', () => {
    const items = [{ id: 1, url: 'https://example.com/1', content_text: 'One' }];
    for (const version of ['https://jsonfeed.org/version/1', undefined, '2.0']) {
      const body = JSON.stringify({ version, title: 'Old', author: { name: 'Ann' }, items });
      const { document } = parseFeedBytes(new TextEncoder().encode(body));
      assert.equal(document.format, 'json', String(version));
      assert.equal(document.items[0]!.id, '1');
      assert.equal(document.items[0]!.link, 'https://example.com/1');
    }
    const untitled = parseFeedBytes(new TextEncoder().encode(JSON.stringify({ items }))).document;
    assert.equal(untitled.title, '');
    assert.equal(untitled.items.length, 1);
  });
});
