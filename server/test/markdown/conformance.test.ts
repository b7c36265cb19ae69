/**
 * Markdown conformance (issue 8): every example of the CommonMark 0.31.2 and GFM 0.29 specs goes
 * through markdownToTree() then treeToHtml() and is compared with the spec's HTML, both normalised
 * as commonmark-spec's test/normalize.py does (ported below), link titles dropped (the comment tree
 * keeps none). Examples whose expected HTML has what comments deliberately do not render (raw HTML,
 * images, links to relative URLs or other schemes) are left out of the comparison, each with its
 * reason; the invariants below are checked on every example. docs/markdown.md has the figures.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { markdownToTree } from '../../src/markdown/parse.ts';
import { escapeHtml, treeToHtml } from '../../src/markdown/to-html.ts';
import { isAllowedHref, isTree } from '../../src/markdown/tree.ts';

// ---------------------------------------------------------------------------------------------
// HTML normalisation: a port of commonmark-spec's test/normalize.py. Whitespace runs outside <pre>
// become one space, whitespace next to block tags goes, tag and attribute names are lower-cased,
// attributes sorted and re-escaped, character references decoded (then <>&" escaped again), <br>
// and <br /> are the same. One addition: dropAttributes (here: title).

const BLOCK_TAGS = new Set([
  'article', 'header', 'aside', 'hgroup', 'blockquote', 'hr', 'iframe', 'body', 'li', 'map', 'button', 'object',
  'canvas', 'ol', 'output', 'colgroup', 'p', 'dd', 'pre', 'dl', 'tbody', 'caption', 'tfoot', 'col', 'td', 'div',
  'th', 'dt', 'thead', 'embed', 'tr', 'fieldset', 'table', 'figcaption', 'ul', 'figure', 'video', 'form', 'h1',
  'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'html', 'head', 'main', 'nav', 'section', 'small', 'footer', 'legend',
  'source',
]);

/** The named references the specs' expected HTML uses outside raw HTML (and a few more). */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '\u00a9', auml: '\u00e4', ouml: '\u00f6',
};

function decodeReference(ref: string): string | undefined {
  const numeric = /^&#([xX])?([0-9a-fA-F]+);$/.exec(ref);
  if (numeric) {
    const code = Number.parseInt(numeric[2]!, numeric[1] ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED[ref.slice(1, -1)];
}

function decodeAll(value: string): string {
  return value.replace(/&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (ref) => decodeReference(ref) ?? ref);
}

function escapeChar(c: string): string {
  return c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : c;
}

/** Python's html.escape(value, quote=True). */
function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => (c === "'" ? '&#x27;' : escapeChar(c)));
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const CHUNK = /<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+/g;
const REFERENCE = /&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g;

function normalizeHtml(html: string, dropAttributes: readonly string[] = []): string {
  let output = '';
  let last: 'starttag' | 'endtag' | 'data' | 'ref' | 'other' = 'starttag';
  let lastTag = '';
  let inPre = false;

  const data = (chunk: string): void => {
    const afterTag = last === 'endtag' || last === 'starttag';
    const afterBlockTag = afterTag && BLOCK_TAGS.has(lastTag);
    let value = chunk;
    if (afterTag && lastTag === 'br') value = value.replace(/^\n+/, '');
    if (!inPre) value = value.replace(/\s+/g, ' ');
    if (afterBlockTag && !inPre) value = last === 'starttag' ? value.trimStart() : value.trim();
    output += value;
    last = 'data';
  };

  const startTag = (tag: string, attributes: [string, string | undefined][]): void => {
    if (tag === 'pre') inPre = true;
    if (BLOCK_TAGS.has(tag)) output = output.trimEnd();
    output += `<${tag}`;
    attributes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : (a[1] ?? '') < (b[1] ?? '') ? -1 : 1));
    for (const [name, value] of attributes) {
      if (dropAttributes.includes(name)) continue;
      output += ` ${name}`;
      if (value !== undefined) output += `="${escapeAttribute(value)}"`;
    }
    output += '>';
    lastTag = tag;
    last = 'starttag';
  };

  for (const [chunk] of html.matchAll(CHUNK)) {
    if (chunk.startsWith('<![CDATA[')) {
      output += chunk;
    } else if (chunk.startsWith('<!') || chunk.startsWith('<?')) {
      output += chunk;
      last = 'other';
    } else if (/^<\/[a-zA-Z]/.test(chunk)) {
      const tag = /^<\/([a-zA-Z][^\s>/]*)/.exec(chunk)![1]!.toLowerCase();
      if (tag === 'pre') inPre = false;
      else if (BLOCK_TAGS.has(tag)) output = output.trimEnd();
      output += `</${tag}>`;
      lastTag = tag;
      last = 'endtag';
    } else if (/^<[a-zA-Z]/.test(chunk)) {
      const [, name, rest] = /^<([a-zA-Z][^\s>/]*)([\s\S]*)>$/.exec(chunk)!;
      const tag = name!.toLowerCase();
      const selfClosing = /\/\s*$/.test(rest!);
      const attributes: [string, string | undefined][] = [];
      for (const match of rest!.replace(/\/\s*$/, '').matchAll(ATTRIBUTE)) {
        const value = match[2] ?? match[3] ?? match[4];
        attributes.push([match[1]!.toLowerCase(), value === undefined ? undefined : decodeAll(value)]);
      }
      startTag(tag, attributes);
      if (selfClosing) last = 'endtag';
    } else {
      // Text, with character references handled one by one as HTMLParser does.
      let at = 0;
      for (const match of chunk.matchAll(REFERENCE)) {
        if (match.index > at) data(chunk.slice(at, match.index));
        const decoded = decodeReference(match[0]);
        output += decoded === undefined ? match[0] : [...decoded].map(escapeChar).join('');
        last = 'ref';
        at = match.index + match[0].length;
      }
      if (at < chunk.length) data(chunk.slice(at));
    }
  }
  return output;
}

// ---------------------------------------------------------------------------------------------
// The corpora (../shared/corpora/markdown, see its README): {markdown, html, example, section}.

interface Example {
  markdown: string;
  html: string;
  example: number;
  section: string;
  extension?: string;
}

const SPECS = [
  { name: 'CommonMark 0.31.2', short: 'CM', file: 'commonmark-spec-0.31.2.json', minCompared: 440 },
  { name: 'GFM 0.29', short: 'GFM', file: 'gfm-spec-0.29.json', minCompared: 460 },
] as const;

function load(file: string): Example[] {
  return JSON.parse(readFileSync(new URL(`../../../../shared/corpora/markdown/${file}`, import.meta.url), 'utf8')) as Example[];
}

/** Sections that are about raw HTML only. */
const RAW_HTML_SECTIONS = new Set(['HTML blocks', 'Raw HTML', 'Disallowed Raw HTML (extension)']);

/** Why an example is left out of the comparison; the order is the order of the checks. */
const REASONS = {
  'raw HTML': 'raw HTML is shown as text (the sections "HTML blocks", "Raw HTML", "Disallowed Raw HTML (extension)", and examples elsewhere whose expected HTML passes raw HTML from the source through)',
  image: 'the expected HTML has an <img>: images become links (or their alt text), nothing loads from a comment',
  link: 'the expected HTML has a link to a relative URL or a scheme other than http, https, mailto: such links become their text',
} as const;
type Reason = keyof typeof REASONS;

/**
 * Known differences: compared examples expected to fail, `spec short name#example` with the
 * reason. Keep it short; a listed example that passes fails the test (so the list stays true).
 */
const LITERAL_AUTOLINKS =
  'GFM literal autolinks (http(s)://…, www.…, e-mail addresses) are on for every comment, as on GitHub; this plain-CommonMark example expects plain text (cmark-gfm runs it without the extension)';
const KNOWN_DIFFERENCES: Record<string, string> = {
  'CM#602': LITERAL_AUTOLINKS, // <https://foo.bar/baz bim>
  'CM#606': LITERAL_AUTOLINKS, // <foo\+@bar.example.com>
  'CM#608': LITERAL_AUTOLINKS, // < https://foo.bar >
  'CM#611': LITERAL_AUTOLINKS, // https://example.com
  'CM#612': LITERAL_AUTOLINKS, // foo@bar.example.com
  'GFM#610': LITERAL_AUTOLINKS,
  'GFM#614': LITERAL_AUTOLINKS,
  'GFM#616': LITERAL_AUTOLINKS,
  'GFM#619': LITERAL_AUTOLINKS,
  'GFM#620': LITERAL_AUTOLINKS,
};

function parseMdast(markdown: string): unknown {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The values of the raw HTML nodes (block and inline) micromark finds in the source. */
function rawHtml(markdown: string): string[] {
  const found: string[] = [];
  const stack = [parseMdast(markdown) as { type: string; value?: string; children?: unknown[] }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'html' && node.value) found.push(node.value);
    if (node.children) stack.push(...(node.children as typeof stack));
  }
  return found;
}

function decodeAttribute(value: string): string {
  return value.replace(/&(amp|quot|lt|gt|#x27|#39);/g, (_, name: string) =>
    ({ amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'", '#39': "'" })[name]!,
  );
}

/**
 * The spec's HTML with the comment rules for links and images applied, for the examples left out
 * for `image` or `link` (their markdown has no raw HTML): a link to a URL that is not allowed
 * becomes its content; an image becomes a link to its URL (its alt text, or the URL) when the URL
 * is allowed and it is not inside a link, else its alt text.
 */
function withCommentRules(html: string): string {
  const image = (tag: string, inLink: boolean): string => {
    const src = decodeAttribute(/ src="([^"]*)"/.exec(tag)?.[1] ?? '');
    const alt = / alt="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (inLink || !isAllowedHref(src)) return alt;
    return `<a href="${escapeHtml(src)}">${alt || escapeHtml(decodeURI(src))}</a>`;
  };
  const IMG = /<img [^>]*>/g;
  return html
    .replace(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href: string, inner: string) =>
      isAllowedHref(decodeAttribute(href))
        ? `<a href="${href}">${inner.replace(IMG, (tag) => image(tag, true))}</a>`
        : inner.replace(IMG, (tag) => image(tag, false)),
    )
    .replace(/(<a [^>]*>[\s\S]*?<\/a>)|<img [^>]*>/g, (tag, link: string | undefined) => link ?? image(tag, false));
}

function leftOutReason(example: Example): Reason | undefined {
  if (RAW_HTML_SECTIONS.has(example.section)) return 'raw HTML';
  // Raw HTML elsewhere: the parser finds it in the source and the expected HTML has it as written.
  const raw = rawHtml(example.markdown);
  if (raw.some((value) => example.html.includes(value.split('\n')[0]!))) return 'raw HTML';
  if (/<img[\s>]/.test(example.html)) return 'image';
  for (const [, href] of example.html.matchAll(/<a [^>]*?href="([^"]*)"/g)) {
    if (!isAllowedHref(decodeAttribute(href!))) return 'link';
  }
  return undefined;
}

/** The elements and attributes treeToHtml may write. */
const ALLOWED_ELEMENTS: Record<string, (name: string, value: string) => boolean> = {
  a: (name) => name === 'href',
  ol: (name, value) => name === 'start' && /^\d+$/.test(value),
  code: (name, value) => name === 'class' && /^language-[^"<>]+$/.test(value),
  th: (name, value) => name === 'align' && /^(left|right|center)$/.test(value),
  td: (name, value) => name === 'align' && /^(left|right|center)$/.test(value),
  input: (name, value) => (name === 'type' && value === 'checkbox') || ((name === 'disabled' || name === 'checked') && value === ''),
};
for (const tag of ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'li', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'em', 'strong', 'del', 'br']) {
  ALLOWED_ELEMENTS[tag] = () => false;
}

/** Whatever is wrong with `html` (the rendering of `markdown`) whatever the input: [] when nothing. */
function invariantFailures(markdown: string, tree: unknown, html: string): string[] {
  const failures: string[] = [];
  if (!isTree(tree)) failures.push('not a valid tree');
  if (/<script/i.test(html)) failures.push('<script in the output');
  const rest = html.replace(/<(\/?)([a-z0-9]+)((?: [a-z]+="[^"<>]*")*)( \/)?>/g, (tag, close: string, name: string, attributes: string) => {
    const allowed = ALLOWED_ELEMENTS[name];
    if (!allowed || (close && attributes)) {
      failures.push(`element not allowed: ${tag}`);
      return '';
    }
    for (const [, attribute, value] of attributes.matchAll(/ ([a-z]+)="([^"]*)"/g)) {
      if (!allowed(attribute!, value!)) failures.push(`attribute not allowed: ${tag}`);
      if (attribute === 'href' && !isAllowedHref(decodeAttribute(value!))) failures.push(`href not allowed: ${tag}`);
    }
    if (name === 'a' && !close && !/ href="/.test(attributes)) failures.push(`link without href: ${tag}`);
    return '';
  });
  if (rest.includes('<') || rest.includes('>')) failures.push('unescaped < or > outside the allowed tags');
  for (const value of rawHtml(markdown)) {
    for (const line of value.split(/\r\n|\r|\n/)) {
      if (line.trim() !== '' && !html.includes(escapeHtml(line.trim()))) failures.push(`raw HTML not shown as text: ${line}`);
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------

interface Tally {
  compared: number;
  passed: number;
  leftOut: number;
}

test('the CommonMark and GFM spec examples render as the specs say, raw HTML, images and other links aside', () => {
  const invariantProblems: string[] = [];
  const failed: string[] = [];
  const adaptedFailed: string[] = [];
  const knownSeen = new Set<string>();
  const lines: string[] = [];
  const leftOutLines: string[] = [];
  const totals: Record<string, Tally> = {};

  for (const spec of SPECS) {
    const examples = load(spec.file);
    const total: Tally = { compared: 0, passed: 0, leftOut: 0 };
    const sections = new Map<string, Tally>();
    const leftOut: Record<Reason, number[]> = { 'raw HTML': [], image: [], link: [] };
    const adapted = { compared: 0, passed: 0 };
    for (const example of examples) {
      const tree = markdownToTree(example.markdown);
      const html = treeToHtml(tree);
      for (const problem of invariantFailures(example.markdown, tree, html)) {
        invariantProblems.push(`${spec.short}#${example.example}: ${problem}`);
      }
      const section = sections.get(example.section) ?? { compared: 0, passed: 0, leftOut: 0 };
      sections.set(example.section, section);
      const reason = leftOutReason(example);
      if (reason) {
        leftOut[reason].push(example.example);
        section.leftOut += 1;
        total.leftOut += 1;
        if (reason !== 'raw HTML') {
          adapted.compared += 1;
          if (normalizeHtml(html, ['title']) === normalizeHtml(withCommentRules(example.html), ['title'])) adapted.passed += 1;
          else adaptedFailed.push(`${spec.short}#${example.example} ${JSON.stringify(example.markdown)}\n  expected ${JSON.stringify(normalizeHtml(withCommentRules(example.html), ['title']))}\n  actual   ${JSON.stringify(normalizeHtml(html, ['title']))}`);
        }
        continue;
      }
      section.compared += 1;
      total.compared += 1;
      const key = `${spec.short}#${example.example}`;
      const ok = normalizeHtml(html, ['title']) === normalizeHtml(example.html, ['title']);
      if (key in KNOWN_DIFFERENCES) {
        knownSeen.add(key);
        if (ok) failed.push(`${key} passes but is listed in KNOWN_DIFFERENCES`);
        continue;
      }
      if (ok) {
        section.passed += 1;
        total.passed += 1;
      } else {
        failed.push(`${key} (${example.section}) ${JSON.stringify(example.markdown)}\n  expected ${JSON.stringify(normalizeHtml(example.html, ['title']))}\n  actual   ${JSON.stringify(normalizeHtml(html, ['title']))}`);
      }
    }
    totals[spec.name] = total;
    lines.push(
      `${spec.name}: ${examples.length} examples, ${total.passed}/${total.compared} compared pass, ${total.leftOut} left out`,
      `  ${[...sections].map(([name, t]) => `${name} ${t.passed}/${t.compared}${t.leftOut ? ` (+${t.leftOut})` : ''}`).join(' · ')}`,
    );
    lines.push(`  left out for images or links, compared with the spec's HTML after the comment rules for links and images: ${adapted.passed}/${adapted.compared} pass`);
    for (const reason of Object.keys(leftOut) as Reason[]) {
      if (leftOut[reason].length > 0) leftOutLines.push(`  ${spec.short} ${reason} (${leftOut[reason].length}): ${leftOut[reason].join(' ')}`);
    }
  }

  const summary = [
    'Markdown conformance: markdownToTree() → treeToHtml() against the specs’ HTML (normalize.py rules, link titles dropped)',
    'per section: passed/compared (+left out)',
    ...lines,
    'Left out on purpose (examples by number):',
    ...(Object.entries(REASONS) as [Reason, string][]).map(([reason, why]) => `  ${reason}: ${why}`),
    ...leftOutLines,
    `Known differences (${Object.keys(KNOWN_DIFFERENCES).length}): ${Object.keys(KNOWN_DIFFERENCES).join(' ')}`,
    ...[...new Set(Object.values(KNOWN_DIFFERENCES))].map((why) => `  ${why}`),
  ].join('\n');
  console.log(summary);

  assert.deepEqual(invariantProblems, [], 'invariants that hold for every input');
  assert.deepEqual(failed, [], 'compared examples that differ');
  assert.deepEqual(adaptedFailed, [], 'examples left out for images or links that differ from the spec with the comment rules applied');
  const doc = readFileSync(new URL('../../../docs/markdown.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(`\`\`\`\n${summary}\n\`\`\``), 'docs/markdown.md shows this summary as printed: paste it there');
  for (const key of Object.keys(KNOWN_DIFFERENCES)) assert.ok(knownSeen.has(key), `${key} is listed but not compared`);
  for (const spec of SPECS) {
    assert.ok(totals[spec.name]!.compared >= spec.minCompared, `${spec.name}: only ${totals[spec.name]!.compared} examples compared`);
  }
});
