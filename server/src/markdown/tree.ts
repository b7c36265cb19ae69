/**
 * The comment tree (issue 8): what the server makes of a comment's Markdown and what the REST API
 * returns for it. The browser renders only this tree (Lit templates, never innerHTML), so it is an
 * allow-list: every node type below, nothing else, and no raw HTML anywhere. Names follow mdast
 * (https://github.com/syntax-tree/mdast), the syntax tree `markdownToTree()` starts from, reduced
 * to what a comment may show. See docs/markdown.md.
 *
 * Depth is bounded (`MAX_BLOCK_DEPTH`, `MAX_INLINE_DEPTH`), so a renderer may recurse.
 */

/** Inline (phrasing) content: inside paragraphs, headings and table cells. */
export type Inline =
  /** Plain text, never markup. A `\n` is a soft line break (shown as a space or a line break). */
  | { type: 'text'; value: string }
  /** `*em*`, `**strong**`, `~~delete~~` (GFM strikethrough). */
  | { type: 'emphasis' | 'strong' | 'delete'; children: Inline[] }
  /** `` `code` `` */
  | { type: 'inlineCode'; value: string }
  /** A hard line break (two trailing spaces or a backslash before the end of a line). */
  | { type: 'break' }
  /**
   * A link. `href` always has the scheme `http:`, `https:` or `mailto:` (checked with the WHATWG
   * URL parser). It is the destination as written, character references decoded, with the
   * characters URL parsers strip anyway (leading and trailing C0 controls and spaces, tabs and line
   * breaks anywhere) removed; not percent-encoded. Links never nest.
   */
  | { type: 'link'; href: string; children: Inline[] };

/** Block (flow) content. */
export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'blockquote'; children: Block[] }
  /**
   * `start` is set on ordered lists only (the first item's number, 1 unless written otherwise).
   * `spread` is true when the list is loose in CommonMark's sense (its items' paragraphs are shown
   * as paragraphs, with space between them); when false (tight), items show their paragraphs'
   * content without paragraph spacing. Every item has the same `spread` as its list.
   */
  | { type: 'list'; ordered: boolean; start?: number; spread: boolean; children: ListItem[] }
  /** A code block. `lang` is the first word of a fenced block's info string. `value` has no final newline. */
  | { type: 'code'; lang?: string; value: string }
  | { type: 'thematicBreak' }
  /**
   * A GFM table. `align` has one entry per column. The first row (the header) has one cell per
   * column; the others have at most that many (cells beyond are dropped, as GFM does; a short row
   * is not padded: render the missing cells as empty, or leave them out).
   */
  | { type: 'table'; align: ('left' | 'right' | 'center' | null)[]; children: TableRow[] };

/**
 * A list item. `checked` is present on GFM task list items (`- [ ]`, `- [x]`) only. `spread` is
 * its list's (CommonMark makes a whole list loose or tight), so a renderer may read either.
 */
export interface ListItem {
  type: 'listItem';
  checked?: boolean;
  spread: boolean;
  children: Block[];
}

/** A table row; the first row of a table is its header. */
export interface TableRow {
  type: 'tableRow';
  children: TableCell[];
}

export interface TableCell {
  type: 'tableCell';
  children: Inline[];
}

export interface Root {
  type: 'root';
  children: Block[];
}

/**
 * Block nesting bound: the root's children are at block depth 1; the blocks of a blockquote or of
 * a list's items at depth d are at d + 1. Nothing is deeper than this; deeper content is
 * flattened into the deepest level.
 */
export const MAX_BLOCK_DEPTH = 16;

/**
 * Inline nesting bound: the children of a paragraph, heading or table cell are at inline depth 1;
 * the children of emphasis, strong, delete or a link at depth d are at d + 1.
 */
export const MAX_INLINE_DEPTH = 16;

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly these keys (the optional ones may be missing). */
function hasKeys(node: Obj, required: readonly string[], optional: readonly string[] = []): boolean {
  for (const key of required) if (!Object.hasOwn(node, key)) return false;
  for (const key of Object.keys(node)) if (!required.includes(key) && !optional.includes(key)) return false;
  return true;
}

function isInlines(value: unknown, depth: number, inLink: boolean): boolean {
  if (!Array.isArray(value)) return false;
  if (depth > MAX_INLINE_DEPTH) return value.length === 0;
  return value.every((node) => isInline(node, depth, inLink));
}

function isInline(node: unknown, depth: number, inLink: boolean): boolean {
  if (!isObj(node)) return false;
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return hasKeys(node, ['type', 'value']) && typeof node.value === 'string';
    case 'break':
      return hasKeys(node, ['type']);
    case 'emphasis':
    case 'strong':
    case 'delete':
      return hasKeys(node, ['type', 'children']) && isInlines(node.children, depth + 1, inLink);
    case 'link':
      return (
        !inLink &&
        hasKeys(node, ['type', 'href', 'children']) &&
        typeof node.href === 'string' &&
        isAllowedHref(node.href) &&
        isInlines(node.children, depth + 1, true)
      );
    default:
      return false;
  }
}

function isBlocks(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth > MAX_BLOCK_DEPTH) return value.length === 0;
  return value.every((node) => isBlock(node, depth));
}

const ALIGN = new Set(['left', 'right', 'center', null]);

function isBlock(node: unknown, depth: number): boolean {
  if (!isObj(node)) return false;
  switch (node.type) {
    case 'paragraph':
      return hasKeys(node, ['type', 'children']) && isInlines(node.children, 1, false);
    case 'heading':
      return (
        hasKeys(node, ['type', 'depth', 'children']) &&
        [1, 2, 3, 4, 5, 6].includes(node.depth as number) &&
        isInlines(node.children, 1, false)
      );
    case 'blockquote':
      return hasKeys(node, ['type', 'children']) && isBlocks(node.children, depth + 1);
    case 'list':
      return (
        hasKeys(node, ['type', 'ordered', 'spread', 'children'], ['start']) &&
        typeof node.ordered === 'boolean' &&
        typeof node.spread === 'boolean' &&
        (node.start === undefined || (node.ordered && Number.isSafeInteger(node.start) && (node.start as number) >= 0)) &&
        Array.isArray(node.children) &&
        node.children.every(
          (item) =>
            isObj(item) &&
            item.type === 'listItem' &&
            hasKeys(item, ['type', 'spread', 'children'], ['checked']) &&
            item.spread === node.spread &&
            (item.checked === undefined || typeof item.checked === 'boolean') &&
            isBlocks(item.children, depth + 1),
        )
      );
    case 'code':
      return (
        hasKeys(node, ['type', 'value'], ['lang']) &&
        typeof node.value === 'string' &&
        (node.lang === undefined || (typeof node.lang === 'string' && node.lang !== ''))
      );
    case 'thematicBreak':
      return hasKeys(node, ['type']);
    case 'table': {
      if (!hasKeys(node, ['type', 'align', 'children'])) return false;
      const { align, children } = node;
      if (!Array.isArray(align) || !align.every((a) => ALIGN.has(a))) return false;
      return (
        Array.isArray(children) &&
        children.length > 0 &&
        children.every(
          (row) =>
            isObj(row) &&
            row.type === 'tableRow' &&
            hasKeys(row, ['type', 'children']) &&
            Array.isArray(row.children) &&
            (row === children[0] ? row.children.length === align.length : row.children.length <= align.length) &&
            row.children.every(
              (cell) =>
                isObj(cell) &&
                cell.type === 'tableCell' &&
                hasKeys(cell, ['type', 'children']) &&
                isInlines(cell.children, 1, false),
            ),
        )
      );
    }
    default:
      return false;
  }
}

/**
 * Whether `value` is a comment tree: only the node types and fields above, every link's `href`
 * allowed, no link inside a link, no row wider than its table's header, and no deeper than the bounds. For tests,
 * and for trees read back from storage.
 */
export function isTree(value: unknown): value is Root {
  return isObj(value) && value.type === 'root' && hasKeys(value, ['type', 'children']) && isBlocks(value.children, 1);
}

/** `value` with every lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, ES2024). */
export function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The URL schemes a link may have. */
export const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * What URL parsers remove before parsing (WHATWG URL: leading and trailing C0 controls and
 * spaces, then ASCII tabs and newlines anywhere), so that the href kept is the one that was
 * checked.
 */
export function cleanHref(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/**
 * Whether a link may point to `href`: an absolute URL (WHATWG parser, no base) whose scheme is
 * http, https or mailto. Relative and protocol-relative URLs fail to parse without a base and are
 * refused with every other scheme.
 */
export function isAllowedHref(href: string): boolean {
  if (href !== cleanHref(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return ALLOWED_SCHEMES.has(url.protocol);
}
