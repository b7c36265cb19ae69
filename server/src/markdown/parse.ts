/**
 * Comment Markdown to the comment tree (issue 8). CommonMark + GFM are parsed by micromark
 * (`mdast-util-from-markdown` with the GFM extensions) into mdast; this module then keeps only
 * what `tree.ts` allows:
 *
 * - raw HTML (block and inline) becomes text, shown as written;
 * - links (inline, reference, autolinks, GFM literal autolinks) stay links only when their URL is
 *   absolute with the scheme http, https or mailto, otherwise their content stays, unlinked;
 * - images never load: one with an allowed URL becomes a link to it (its alt text, or the URL when
 *   the alt text is empty), otherwise only its alt text is kept; inside a link, only the alt text;
 * - footnotes (GFM) are shown as written: a reference stays the text `[^label]`, a definition stays
 *   where it was written, its first paragraph starting with `[^label]: `;
 * - link reference definitions produce nothing (as in CommonMark);
 * - nesting is bounded (`MAX_BLOCK_DEPTH`, `MAX_INLINE_DEPTH`): deeper content is flattened into the
 *   deepest level (its leaf blocks, or its text, code and breaks).
 *
 * Parsing is guarded against inputs that make micromark slow or overflow its stack (see
 * `guardSource`). `markdownToTree` never throws. docs/markdown.md has the user-facing account.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import {
  cleanHref,
  isAllowedHref,
  MAX_BLOCK_DEPTH,
  MAX_INLINE_DEPTH,
  type Block,
  type Inline,
  type ListItem,
  type Root,
  type TableRow,
  wellFormed,
} from './tree.ts';

/**
 * The mdast nodes as this module reads them: loosely, so that a node type we do not expect (a
 * future extension) is still handled (its text or children are kept) instead of failing.
 */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  url?: string;
  alt?: string | null;
  identifier?: string;
  label?: string | null;
  depth?: number;
  ordered?: boolean | null;
  start?: number | null;
  spread?: boolean | null;
  checked?: boolean | null;
  lang?: string | null;
  align?: (string | null)[] | null;
}

/**
 * More container markers (`>`, `-`, `1.`, a footnote definition's `[^label]:`) than this at the
 * start of one line: the rest are text.
 */
export const MAX_LINE_CONTAINERS = 32;

/**
 * More `*` and `_` than this in a comment: emphasis is not parsed (the characters stay as
 * written); the same for `~` and strikethrough. micromark resolves emphasis in quadratic time in
 * the nesting (5,000 nested `_` take seconds); at this count the worst case stays near 0.1 s.
 */
export const MAX_EMPHASIS_MARKERS = 2000;

/**
 * More footnote definitions (`[^label]:`) than this: they are not parsed as such (micromark's
 * footnote extension needs seconds for 1,000 definitions inside one another).
 */
export const MAX_FOOTNOTE_DEFINITIONS = 100;

const CONTAINER_MARKER = /( {0,3})(>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|\[\^[^\]\s]+\]:)[ \t]?/y;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * Escapes the container markers beyond `MAX_LINE_CONTAINERS` on a line. micromark nests
 * containers recursively (10,000 `>` overflow the stack) and lists on one line cost quadratic
 * time; deeper than the tree keeps they would be flattened anyway, so they become text. Nesting
 * spread over lines needs indentation or repeated markers on every line, which the 10,000
 * character limit keeps shallow.
 */
function escapeDeepContainers(line: string): string {
  if (line.length < MAX_LINE_CONTAINERS * 2 || THEMATIC_BREAK.test(line)) return line;
  let pos = 0;
  let count = 0;
  for (;;) {
    CONTAINER_MARKER.lastIndex = pos;
    const match = CONTAINER_MARKER.exec(line);
    if (!match) return line;
    count += 1;
    if (count > MAX_LINE_CONTAINERS) {
      const marker = match[2]!;
      const at = pos + match[1]!.length + (/[.)]$/.test(marker) ? marker.length - 1 : 0);
      return `${line.slice(0, at)}\\${line.slice(at)}`;
    }
    pos += match[0].length;
  }
}

function count(source: string, pattern: RegExp): number {
  return source.match(pattern)?.length ?? 0;
}

/** The source micromark gets, and the constructs to leave out for it. */
function guardSource(source: string): { text: string; disable: string[] } {
  // Lone surrogates become U+FFFD (the JSON stays well formed, percent-encoding cannot throw).
  let text = wellFormed(source);
  if (text.length >= MAX_LINE_CONTAINERS * 2) {
    const parts = text.split(/(\r\n|\r|\n)/);
    for (let i = 0; i < parts.length; i += 2) parts[i] = escapeDeepContainers(parts[i]!);
    text = parts.join('');
  }
  const disable: string[] = [];
  if (count(text, /[*_]/g) > MAX_EMPHASIS_MARKERS) disable.push('attention');
  if (count(text, /~/g) > MAX_EMPHASIS_MARKERS) disable.push('strikethrough');
  if (count(text, /\[\^[^\]\s]+\]:/g) > MAX_FOOTNOTE_DEFINITIONS) disable.push('gfmFootnoteDefinition');
  return { text, disable };
}

interface Context {
  /** Link reference definitions by identifier (first wins, as in CommonMark). */
  definitions: Map<string, string>;
  /**
   * Characters of URLs that references may still copy out of their definitions. A 5,000-character
   * definition used by 1,600 three-character references would otherwise make 8 MB of tree (cmark
   * has the same limit: 10 times the input, at least 100,000); past it, references are their text.
   */
  expansion: number;
}

function collectDefinitions(root: MdNode): Map<string, string> {
  const definitions = new Map<string, string>();
  const stack: MdNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition') {
      if (node.identifier !== undefined && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url ?? '');
      continue;
    }
    // Definitions are blocks; they are not inside paragraphs, headings or tables.
    if (node.children && !['paragraph', 'heading', 'table'].includes(node.type)) {
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
    }
  }
  return definitions;
}

function text(value: string): Inline {
  return { type: 'text', value };
}

/** Merges adjacent text nodes and drops empty ones, in place. */
function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      if (node.value === '') continue;
      const last = out.at(-1);
      if (last?.type === 'text') {
        last.value += node.value;
        continue;
      }
    }
    out.push(node);
  }
  return out;
}

function urlOf(node: MdNode, context: Context): string | undefined {
  if (node.type === 'link' || node.type === 'image') return node.url ?? '';
  const url = node.identifier === undefined ? undefined : context.definitions.get(node.identifier);
  if (url === undefined || url.length > context.expansion) return undefined;
  context.expansion -= url.length;
  return url;
}

/** The leaf inline content of `nodes` (text, code, breaks), without recursion. */
function flattenInlines(nodes: MdNode[]): Inline[] {
  const out: Inline[] = [];
  const stack = nodes.slice().reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'inlineCode') out.push({ type: 'inlineCode', value: node.value ?? '' });
    else if (node.type === 'break') out.push({ type: 'break' });
    else if (node.type === 'image' || node.type === 'imageReference') out.push(text(node.alt ?? ''));
    else if (node.type === 'footnoteReference') out.push(text(`[^${node.label ?? node.identifier ?? ''}]`));
    else if (node.children) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
    else if (typeof node.value === 'string') out.push(text(node.value));
  }
  return out;
}

/** Inline content at inline depth `depth` (1 for a paragraph's children). */
function convertInlines(nodes: MdNode[], depth: number, inLink: boolean, context: Context): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'html': // raw HTML: shown as written
        out.push(text(node.value ?? ''));
        break;
      case 'inlineCode':
        out.push({ type: 'inlineCode', value: node.value ?? '' });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'footnoteReference':
        out.push(text(`[^${node.label ?? node.identifier ?? ''}]`));
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        if (depth >= MAX_INLINE_DEPTH) out.push(...flattenInlines(node.children ?? []));
        else out.push({ type: node.type, children: convertInlines(node.children ?? [], depth + 1, inLink, context) });
        break;
      case 'link':
      case 'linkReference': {
        const url = urlOf(node, context);
        const href = url === undefined ? '' : cleanHref(url);
        if (depth >= MAX_INLINE_DEPTH) out.push(...flattenInlines(node.children ?? []));
        else if (!inLink && url !== undefined && isAllowedHref(href)) {
          out.push({ type: 'link', href, children: convertInlines(node.children ?? [], depth + 1, true, context) });
        } else {
          // Not a link: its content stays (depth + 1 keeps the recursion bounded).
          out.push(...convertInlines(node.children ?? [], depth + 1, inLink, context));
        }
        break;
      }
      case 'image':
      case 'imageReference': {
        const url = urlOf(node, context);
        const href = url === undefined ? '' : cleanHref(url);
        const alt = node.alt ?? '';
        if (!inLink && depth < MAX_INLINE_DEPTH && url !== undefined && isAllowedHref(href)) {
          out.push({ type: 'link', href, children: [text(alt === '' ? href : alt)] });
        } else {
          out.push(text(alt));
        }
        break;
      }
      default:
        // Something this module does not know: keep its text.
        out.push(...flattenInlines([node]));
    }
  }
  return mergeText(out);
}

/** A raw HTML block: its lines as text, separated by hard breaks. */
function htmlBlock(value: string): Block {
  const children: Inline[] = [];
  value.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) children.push({ type: 'break' });
    children.push(text(line));
  });
  return { type: 'paragraph', children: mergeText(children) };
}

function headingDepth(depth: number | undefined): 1 | 2 | 3 | 4 | 5 | 6 {
  return depth === 2 || depth === 3 || depth === 4 || depth === 5 || depth === 6 ? depth : 1;
}

function table(node: MdNode, context: Context): Block {
  const rows = node.children ?? [];
  const columns = node.align?.length || rows[0]?.children?.length || 0;
  const align = Array.from({ length: columns }, (_, i) => {
    const a = node.align?.[i];
    return a === 'left' || a === 'right' || a === 'center' ? a : null;
  });
  // Cells beyond the header's are dropped (as GFM renders them); short rows stay short: padding them
  // here would let 10,000 characters ask for millions of empty cells (1,250 columns × 2,500 rows).
  const children: TableRow[] = rows.map((row, r) => ({
    type: 'tableRow',
    children: Array.from({ length: r === 0 ? columns : Math.min(columns, row.children?.length ?? 0) }, (_, i) => ({
      type: 'tableCell',
      children: convertInlines(row.children?.[i]?.children ?? [], 1, false, context),
    })),
  }));
  if (children.length === 0) children.push({ type: 'tableRow', children: align.map(() => ({ type: 'tableCell', children: [] })) });
  return { type: 'table', align, children };
}

/** A block without block children (or `undefined` for what shows nothing). */
function leafBlock(node: MdNode, context: Context): Block | undefined {
  switch (node.type) {
    case 'paragraph':
      return { type: 'paragraph', children: convertInlines(node.children ?? [], 1, false, context) };
    case 'heading':
      return { type: 'heading', depth: headingDepth(node.depth), children: convertInlines(node.children ?? [], 1, false, context) };
    case 'thematicBreak':
      return { type: 'thematicBreak' };
    case 'code':
      return node.lang ? { type: 'code', lang: node.lang, value: node.value ?? '' } : { type: 'code', value: node.value ?? '' };
    case 'html':
      return htmlBlock(node.value ?? '');
    case 'table':
      return table(node, context);
    case 'definition':
      return undefined;
    default:
      // Something this module does not know that has no children: its text, if any.
      return typeof node.value === 'string' && node.value !== ''
        ? { type: 'paragraph', children: [text(node.value)] }
        : undefined;
  }
}

const LEAF_BLOCKS = new Set(['paragraph', 'heading', 'thematicBreak', 'code', 'html', 'table', 'definition']);

/** The text a footnote definition starts with. */
function footnoteLabel(node: MdNode): string {
  return `[^${node.label ?? node.identifier ?? ''}]:`;
}

/** Puts `[^label]: ` in front of a footnote definition's blocks. */
function withFootnoteLabel(node: MdNode, blocks: Block[]): Block[] {
  const first = blocks[0];
  if (first?.type === 'paragraph') {
    first.children = mergeText([text(`${footnoteLabel(node)} `), ...first.children]);
    return blocks;
  }
  return [{ type: 'paragraph', children: [text(footnoteLabel(node))] }, ...blocks];
}

/** The leaf blocks of `nodes`, in order, without recursion: for content deeper than the bound. */
function flattenBlocks(nodes: MdNode[], context: Context): Block[] {
  const out: Block[] = [];
  const stack = nodes.slice().reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'footnoteDefinition') out.push({ type: 'paragraph', children: [text(footnoteLabel(node))] });
    if (LEAF_BLOCKS.has(node.type) || !node.children) {
      const block = leafBlock(node, context);
      if (block) out.push(block);
    } else {
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
    }
  }
  return out;
}

/** Block content at block depth `depth` (1 for the root's children). */
function convertBlocks(nodes: MdNode[], depth: number, context: Context): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    if (LEAF_BLOCKS.has(node.type) || !node.children) {
      const block = leafBlock(node, context);
      if (block) out.push(block);
    } else if (depth >= MAX_BLOCK_DEPTH) {
      out.push(...flattenBlocks([node], context));
    } else if (node.type === 'blockquote') {
      out.push({ type: 'blockquote', children: convertBlocks(node.children, depth + 1, context) });
    } else if (node.type === 'list') {
      // Loose (CommonMark) when items are separated by blank lines (mdast: the list's spread) or an
      // item has blank lines between its blocks (an item's spread). The tree has it on both.
      const spread = node.spread === true || node.children.some((item) => item.spread === true);
      const items: ListItem[] = node.children.map((item) => {
        const children =
          item.type === 'listItem' ? convertBlocks(item.children ?? [], depth + 1, context) : flattenBlocks([item], context);
        return typeof item.checked === 'boolean'
          ? { type: 'listItem', checked: item.checked, spread, children }
          : { type: 'listItem', spread, children };
      });
      out.push(
        node.ordered
          ? { type: 'list', ordered: true, start: node.start ?? 1, spread, children: items }
          : { type: 'list', ordered: false, spread, children: items },
      );
    } else if (node.type === 'footnoteDefinition') {
      // Shown in place; depth + 1 keeps the recursion bounded should definitions nest.
      out.push(...withFootnoteLabel(node, convertBlocks(node.children, depth + 1, context)));
    } else {
      // A container this module does not know (a listItem outside a list, a future extension): its blocks.
      out.push(...convertBlocks(node.children, depth + 1, context));
    }
  }
  return out;
}

function parse(text: string, disable: string[]): MdNode {
  const extensions = disable.length > 0 ? [gfm(), { disable: { null: disable } }] : [gfm()];
  return fromMarkdown(text, { extensions, mdastExtensions: [gfmFromMarkdown()] }) as MdNode;
}

/**
 * Parses a comment's Markdown (CommonMark 0.31 + GFM: tables, strikethrough, task lists,
 * autolinks, footnotes) into the comment tree. Never throws: should the parser fail anyway, the
 * source is returned as one paragraph of text.
 */
export function markdownToTree(source: string): Root {
  const input = typeof source === 'string' ? source : String(source);
  try {
    const { text, disable } = guardSource(input);
    const mdast = parse(text, disable);
    const context: Context = { definitions: collectDefinitions(mdast), expansion: Math.max(100_000, 10 * text.length) };
    return { type: 'root', children: convertBlocks(mdast.children ?? [], 1, context) };
  } catch {
    const value = wellFormed(input).replaceAll('\0', '\uFFFD');
    return { type: 'root', children: value.trim() === '' ? [] : [{ type: 'paragraph', children: [text(value)] }] };
  }
}
