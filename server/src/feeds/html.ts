/**
 * Feed HTML to the safe tree (issue 11). A feed's titles, summaries and content are HTML written by somebody else;
 * parse5 reads them as a browser would (the WHATWG parsing algorithm, so broken markup breaks the same way), and
 * this module keeps only what the tree of `src/core/tree.ts` allows, the same tree comments use:
 *
 * - paragraphs, headings, block quotes, lists, preformatted text (a code block), rules and tables keep their shape;
 *   other block elements (`div`, `section`, `figure`…) only separate paragraphs;
 * - `strong`/`b`, `em`/`i`, `del`/`s`, `code`, `br` and links stay; other inline elements keep only their content;
 * - a link's `href` is resolved against the feed's base (`xml:base` or the document's URL) and kept only when it is
 *   `http:`, `https:` or `mailto:`; otherwise its text stays, unlinked;
 * - an image becomes a link to it named by its alt text (the tree shows no images: they would load from a third
 *   party inside the host page), and is dropped when it has no alt text;
 * - scripts, styles, iframes, objects, embeds, forms, SVG and MathML are dropped with everything inside them, and
 *   no attribute survives except a link's `href` (no event handler, no `style`).
 *
 * Nesting beyond the tree's bounds is flattened; whitespace is collapsed as a browser would show it.
 */
import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { cleanHref, isAllowedHref, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, wellFormed, type Block, type Inline, type ListItem, type Root, type TableRow } from '../markdown/tree.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * Dropped with their content. (`object` is not: what is inside it is the fallback a reader sees when the object
 * does not load, and the object itself never does here.)
 */
const DROPPED = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'embed', 'applet', 'noscript', 'noembed', 'noframes',
  'template', 'head', 'title', 'meta', 'link', 'base', 'svg', 'math', 'form', 'input', 'button', 'select', 'textarea',
  'option', 'optgroup', 'datalist', 'canvas', 'audio', 'video', 'source', 'track', 'picture', 'map', 'area', 'param',
  'dialog', 'xmp', 'plaintext', 'portal', 'slot',
]);

/** Elements that end the paragraph before them and start a new one after. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption', 'address',
  'details', 'summary', 'center', 'dl', 'dt', 'dd', 'fieldset', 'legend', 'hgroup', 'caption', 'body', 'html', 'li',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'menu', 'dir', 'pre', 'listing', 'hr', 'table',
  'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'search',
]);

const STRONG = new Set(['strong', 'b']);
const EMPHASIS = new Set(['em', 'i', 'cite', 'dfn', 'var']);
const DELETE = new Set(['del', 's', 'strike']);
const CODE = new Set(['code', 'kbd', 'samp', 'tt']);

/** Deeper than this in the HTML, content is read as text without recursion. */
const MAX_HTML_DEPTH = 200;

/** The base URL links are resolved against, or `undefined` when only absolute links can be kept. */
export type Base = string | undefined;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** `href` resolved against `base` and cleaned, or `undefined` unless it is an allowed link. */
export function resolveHref(href: string | undefined, base: Base): string | undefined {
  if (href === undefined) return undefined;
  const cleaned = cleanHref(href);
  if (cleaned === '') return undefined;
  let url: string;
  try {
    url = new URL(cleaned, base).href;
  } catch {
    return undefined;
  }
  return isAllowedHref(url) ? url : undefined;
}

/** The text of `node`, without recursion, skipping dropped elements. */
function textOf(node: Node): string {
  const out: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.nodeName === '#text') out.push((current as DefaultTreeAdapterMap['textNode']).value);
    else if (isElement(current)) {
      if (DROPPED.has(current.tagName)) continue;
      if (current.tagName === 'br') out.push('\n');
      else if (current.tagName === 'img') out.push(attribute(current, 'alt') ?? '');
      for (let i = current.childNodes.length - 1; i >= 0; i -= 1) stack.push(current.childNodes[i]!);
    } else if ('childNodes' in current) {
      const children = (current as { childNodes: Node[] }).childNodes;
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
    }
  }
  return out.join('');
}

function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ');
}

/** Merges adjacent text, collapses whitespace at the paragraph's edges and after breaks, drops empty text. */
function tidyInlines(nodes: Inline[]): Inline[] {
  const merged = mergeInlines(nodes);
  // Leading and trailing spaces of the run, and spaces around breaks, show nothing.
  trimEdge(merged, 'start');
  trimEdge(merged, 'end');
  return merged.filter((node) => node.type !== 'text' || node.value !== '');
}

/** Adjacent text merged and its whitespace collapsed, at every level; empty formatting dropped. */
function mergeInlines(nodes: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (node.type === 'text') {
      if (last?.type === 'text') last.value = collapse(last.value + node.value);
      else merged.push({ type: 'text', value: collapse(node.value) });
    } else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete') {
      const children = mergeInlines(node.children);
      if (children.length > 0) merged.push({ type: node.type, children });
    } else if (node.type === 'link') merged.push({ type: 'link', href: node.href, children: mergeInlines(node.children) });
    else merged.push(node);
  }
  return merged;
}

function trimEdge(nodes: Inline[], edge: 'start' | 'end'): void {
  const node = edge === 'start' ? nodes[0] : nodes.at(-1);
  if (!node) return;
  if (node.type === 'text') node.value = edge === 'start' ? node.value.trimStart() : node.value.trimEnd();
  else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete' || node.type === 'link') {
    trimEdge(node.children, edge);
  }
  for (let i = 1; i < nodes.length; i += 1) {
    const before = nodes[i - 1]!;
    const after = nodes[i]!;
    if (before.type === 'break' && after.type === 'text') after.value = after.value.trimStart();
    if (after.type === 'break' && before.type === 'text') before.value = before.value.trimEnd();
  }
}

function hasContent(nodes: Inline[]): boolean {
  return nodes.some((node) => node.type !== 'break' && (node.type !== 'text' || node.value.trim() !== ''));
}

class Converter {
  readonly #base: Base;

  constructor(base: Base) {
    this.#base = base;
  }

  /** Blocks of `nodes`, at block depth `depth`. */
  blocks(nodes: readonly Node[], depth: number, htmlDepth: number): Block[] {
    const out: Block[] = [];
    let run: Inline[] = [];
    const flush = (): void => {
      const children = tidyInlines(run);
      if (hasContent(children)) out.push({ type: 'paragraph', children });
      run = [];
    };
    for (const node of nodes) {
      if (!isElement(node) || !BLOCKS.has(node.tagName)) {
        run.push(...this.inlines([node], 1, false, htmlDepth));
        continue;
      }
      flush();
      out.push(...this.block(node, depth, htmlDepth + 1));
    }
    flush();
    return out;
  }

  block(element: Element, depth: number, htmlDepth: number): Block[] {
    const tag = element.tagName;
    if (htmlDepth > MAX_HTML_DEPTH) return this.textBlock(textOf(element));
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      const children = tidyInlines(this.inlines(element.childNodes, 1, false, htmlDepth));
      return hasContent(children) ? [{ type: 'heading', depth: Number(heading[1]) as 1 | 2 | 3 | 4 | 5 | 6, children }] : [];
    }
    if (tag === 'hr') return [{ type: 'thematicBreak' }];
    if (tag === 'pre' || tag === 'listing') {
      const value = textOf(element).replace(/^\n/, '').replace(/\n$/, '');
      return value.trim() === '' ? [] : [{ type: 'code', value }];
    }
    if (depth < MAX_BLOCK_DEPTH && tag === 'blockquote') {
      const children = this.blocks(element.childNodes, depth + 1, htmlDepth);
      return children.length > 0 ? [{ type: 'blockquote', children }] : [];
    }
    if (depth < MAX_BLOCK_DEPTH && (tag === 'ul' || tag === 'ol' || tag === 'menu' || tag === 'dir')) return this.list(element, depth, htmlDepth);
    if (tag === 'table') return this.table(element, htmlDepth);
    return this.blocks(element.childNodes, depth, htmlDepth);
  }

  list(element: Element, depth: number, htmlDepth: number): Block[] {
    const items: ListItem[] = [];
    for (const child of element.childNodes) {
      if (isElement(child) && child.tagName === 'li') {
        items.push({ type: 'listItem', spread: false, children: this.blocks(child.childNodes, depth + 1, htmlDepth + 1) });
      } else {
        // Text or elements straight inside the list: an item of their own, if they show anything.
        const children = this.blocks([child], depth + 1, htmlDepth + 1);
        if (children.length > 0) items.push({ type: 'listItem', spread: false, children });
      }
    }
    if (items.length === 0) return [];
    if (element.tagName !== 'ol') return [{ type: 'list', ordered: false, spread: false, children: items }];
    const start = Number.parseInt(attribute(element, 'start') ?? '1', 10);
    return [{ type: 'list', ordered: true, start: Number.isSafeInteger(start) && start >= 0 ? start : 1, spread: false, children: items }];
  }

  table(element: Element, htmlDepth: number): Block[] {
    const rows: Element[] = [];
    const stack: Node[] = [...element.childNodes].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!isElement(node)) continue;
      if (node.tagName === 'tr') rows.push(node);
      else if (['thead', 'tbody', 'tfoot'].includes(node.tagName)) stack.push(...[...node.childNodes].reverse());
    }
    const cellsOf = (row: Element): Element[] => row.childNodes.filter((cell): cell is Element => isElement(cell) && (cell.tagName === 'td' || cell.tagName === 'th'));
    const columns = Math.max(0, ...rows.map((row) => cellsOf(row).length));
    if (columns === 0) return [];
    const children: TableRow[] = rows.map((row, index) => {
      const cells = cellsOf(row).map((cell) => ({ type: 'tableCell' as const, children: tidyInlines(this.inlines(cell.childNodes, 1, false, htmlDepth + 2)) }));
      while (index === 0 && cells.length < columns) cells.push({ type: 'tableCell', children: [] });
      return { type: 'tableRow', children: cells };
    });
    return [{ type: 'table', align: Array.from({ length: columns }, () => null), children }];
  }

  textBlock(text: string): Block[] {
    const value = collapse(text).trim();
    return value === '' ? [] : [{ type: 'paragraph', children: [{ type: 'text', value }] }];
  }

  /** Inline content of `nodes` at inline depth `depth`; block elements inside become line breaks around content. */
  inlines(nodes: readonly Node[], depth: number, inLink: boolean, htmlDepth: number): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes) {
      if (node.nodeName === '#text') {
        out.push({ type: 'text', value: (node as DefaultTreeAdapterMap['textNode']).value });
        continue;
      }
      if (!isElement(node)) continue; // comments, doctypes
      const tag = node.tagName;
      if (DROPPED.has(tag)) continue;
      if (htmlDepth > MAX_HTML_DEPTH) {
        out.push({ type: 'text', value: textOf(node) });
        continue;
      }
      const children = (nextInLink = inLink): Inline[] => this.inlines(node.childNodes, depth + 1, nextInLink, htmlDepth + 1);
      if (tag === 'br') out.push({ type: 'break' });
      else if (tag === 'img') {
        const href = inLink ? undefined : resolveHref(attribute(node, 'src'), this.#base);
        const alt = collapse(attribute(node, 'alt') ?? '').trim();
        if (alt !== '') out.push(href && depth < MAX_INLINE_DEPTH ? { type: 'link', href, children: [{ type: 'text', value: alt }] } : { type: 'text', value: alt });
      } else if (CODE.has(tag)) out.push({ type: 'inlineCode', value: collapse(textOf(node)) });
      else if (depth >= MAX_INLINE_DEPTH) out.push({ type: 'text', value: textOf(node) });
      else if (STRONG.has(tag)) out.push({ type: 'strong', children: children() });
      else if (EMPHASIS.has(tag)) out.push({ type: 'emphasis', children: children() });
      else if (DELETE.has(tag)) out.push({ type: 'delete', children: children() });
      else if (tag === 'a') {
        const href = inLink ? undefined : resolveHref(attribute(node, 'href'), this.#base);
        if (href) out.push({ type: 'link', href, children: children(true) });
        else out.push(...children());
      } else if (BLOCKS.has(tag)) {
        // A block inside inline content (a div in a link): its content, on a line of its own.
        out.push({ type: 'break' }, ...children(), { type: 'break' });
      } else out.push(...children());
    }
    return out;
  }
}

/** Breaks at the start or end of a run, and runs of more than one, show nothing more than one would. */
function tidyBreaks(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'break' && (out.length === 0 || out.at(-1)!.type === 'break')) continue;
    out.push(node);
  }
  while (out.at(-1)?.type === 'break') out.pop();
  return out;
}

function tidyTree(blocks: Block[]): Block[] {
  for (const block of blocks) {
    if (block.type === 'paragraph' || block.type === 'heading') block.children = tidyInlines(tidyBreaks(block.children));
    else if (block.type === 'blockquote') block.children = tidyTree(block.children);
    else if (block.type === 'list') for (const item of block.children) item.children = tidyTree(item.children);
  }
  return blocks.filter((block) => (block.type !== 'paragraph' && block.type !== 'heading') || hasContent(block.children));
}

/** windows-1252's characters for the C1 controls (0x80–0x9F) it defines. */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** A UTF-8 continuation byte read as Latin-1 or as windows-1252. */
const CONTINUATION = `[\\u0080-\\u00bf${WINDOWS_1252.replace(/[\u0080-\u009f]/g, '')}]`;

/** A UTF-8 byte sequence read as single-byte characters (`&#226;&#128;&#166;` for `…`): a lead byte and its continuations. */
const DOUBLE_ENCODED = new RegExp(`[\\u00c2-\\u00df]${CONTINUATION}|[\\u00e0-\\u00ef]${CONTINUATION}{2}|[\\u00f0-\\u00f4]${CONTINUATION}{3}`, 'g');

function byteOf(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 0xff ? code : 0x80 + WINDOWS_1252.indexOf(char);
}

/**
 * A double-encoded character read again as UTF-8, when the run holds a byte in 0x80–0x9F (a C1 control or its
 * windows-1252 character: Latin-1 text like `Ã©` has none) and is valid UTF-8.
 */
function redecode(run: string): string {
  const bytes = Uint8Array.from(run, byteOf);
  if (!bytes.some((byte) => byte >= 0x80 && byte <= 0x9f)) return run;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return run;
  }
}

/**
 * Text as the tree may hold it: lone surrogates and NUL become U+FFFD, and C1 controls become the windows-1252
 * characters they were meant as (`&#146;` is a right quote in every feed that writes it; no feed means U+0092),
 * after UTF-8 written out byte by byte as characters (`&#226;&#128;&#166;`) is read as the character it encodes.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return wellFormed(text).replace(DOUBLE_ENCODED, redecode).replace(/[\u0000\u0080-\u009f]/g, (char) => (char === '\0' ? '\uFFFD' : WINDOWS_1252[char.charCodeAt(0) - 0x80]!));
}

/** HTML to the safe tree. `base` resolves relative links; without it, only absolute links stay links. */
export function htmlToTree(html: string, base?: Base): Root {
  const fragment = parseFragment(cleanText(html));
  return { type: 'root', children: tidyTree(new Converter(base).blocks(fragment.childNodes, 1, 0)) };
}

/** The text HTML shows, whitespace collapsed and trimmed: for titles. Scripts and styles show nothing. */
export function htmlToText(html: string): string {
  const fragment = parseFragment(cleanText(html));
  return collapse(textOf(fragment)).trim();
}

/** Plain text to the tree: blank lines separate paragraphs, other line breaks stay line breaks. */
export function textToTree(text: string): Root {
  const children: Block[] = [];
  for (const paragraph of cleanText(text).split(/\r?\n[ \t]*\r?\n\s*/)) {
    const lines = paragraph.trim().split(/\r\n|\r|\n/);
    const inlines: Inline[] = [];
    lines.forEach((line, i) => {
      if (i > 0) inlines.push({ type: 'break' });
      inlines.push({ type: 'text', value: line.trim() });
    });
    const tidy = tidyInlines(inlines);
    if (hasContent(tidy)) children.push({ type: 'paragraph', children: tidy });
  }
  return { type: 'root', children };
}

/** The plain text a tree shows, for comparisons and for text-only views. */
export function treeText(root: Root): string {
  const out: string[] = [];
  const visit = (nodes: readonly (Block | Inline | ListItem | TableRow | { type: 'tableCell'; children: Inline[] })[]): void => {
    for (const node of nodes) {
      if ('value' in node) out.push(node.value);
      else if (node.type === 'break') out.push('\n');
      else if ('children' in node) {
        visit(node.children as never);
        if (node.type === 'paragraph' || node.type === 'heading') out.push('\n');
      }
    }
  };
  visit(root.children);
  return out.join('').replace(/\n+$/, '');
}
