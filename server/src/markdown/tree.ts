/**
 * The comment tree (issue 8): what the server makes of a comment's Markdown and what the REST API
 * returns for it. The browser renders only this tree (Lit templates, never innerHTML), so it is an
 * allow-list: every node type below, nothing else, and no raw HTML anywhere. Names follow mdast
 * (https://github.com/syntax-tree/mdast), the syntax tree `markdownToTree()` starts from, reduced
 * to what a comment may show. See docs/markdown.md.
 *
 * Depth is bounded (`MAX_BLOCK_DEPTH`, `MAX_INLINE_DEPTH`), so a renderer may recurse.
 */

import type { Block, Inline, ListItem, Root, TableCell, TableRow } from '../../../src/core/tree.ts';

export type { Block, Inline, ListItem, Root, TableCell, TableRow };

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
