/**
 * The comment tree as HTML, in the format of the CommonMark reference renderer (cmark, and
 * cmark-gfm for tables, strikethrough and task lists), so that the conformance test can compare
 * it with the specs' examples; later also for feeds. Everything is escaped: text and attribute
 * values (`&`, `<`, `>`, `"`), hrefs percent-encoded as cmark does, and a link whose href is not
 * allowed (a tree from elsewhere) is written without its `<a>`.
 */
import {
  isAllowedHref,
  MAX_BLOCK_DEPTH,
  MAX_INLINE_DEPTH,
  wellFormed,
  type Block,
  type Inline,
  type ListItem,
  type Root,
  type TableRow,
} from './tree.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes `&`, `<`, `>` and `"` (text and double-quoted attribute values). */
export function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** ASCII characters cmark leaves as they are in an href (houdini's HREF_SAFE table). */
const HREF_SAFE = /[A-Za-z0-9!#$%()*+,\-./:;=?@_~]/;
const encoder = new TextEncoder();

/**
 * An href as cmark writes it (houdini_escape_href): URL-safe and reserved ASCII characters as
 * they are (so is `%`, an existing escape), `&` as `&amp;`, `'` as `&#x27;`, everything else
 * (controls, space, `"<>[\]^`{|}`, non-ASCII as UTF-8) percent-encoded.
 */
export function escapeHref(href: string): string {
  let out = '';
  for (const char of wellFormed(href)) {
    if (HREF_SAFE.test(char)) out += char;
    else if (char === '&') out += '&amp;';
    else if (char === "'") out += '&#x27;';
    else for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Inline content at inline depth `depth`; nothing deeper than the tree allows (a tree from elsewhere). */
function inlines(nodes: readonly Inline[], depth = 1): string {
  if (depth > MAX_INLINE_DEPTH || !Array.isArray(nodes as unknown)) return '';
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += escapeHtml(node.value);
        break;
      case 'emphasis':
        out += `<em>${inlines(node.children, depth + 1)}</em>`;
        break;
      case 'strong':
        out += `<strong>${inlines(node.children, depth + 1)}</strong>`;
        break;
      case 'delete':
        out += `<del>${inlines(node.children, depth + 1)}</del>`;
        break;
      case 'inlineCode':
        out += `<code>${escapeHtml(node.value)}</code>`;
        break;
      case 'break':
        out += '<br />\n';
        break;
      case 'link':
        out += isAllowedHref(node.href)
          ? `<a href="${escapeHref(node.href)}">${inlines(node.children, depth + 1)}</a>`
          : inlines(node.children, depth + 1);
        break;
    }
  }
  return out;
}

const CHECKBOX = '<input type="checkbox" disabled="" />';
const CHECKED = '<input type="checkbox" checked="" disabled="" />';

function listItem(item: ListItem, tight: boolean, depth: number): string {
  const box = item.checked === undefined ? '' : `${item.checked ? CHECKED : CHECKBOX} `;
  const [first, ...rest] = item.children;
  // cmark-gfm writes the checkbox at the start of the item's content.
  if (box && first?.type === 'paragraph' && !tight) {
    return `<li>\n<p>${box}${inlines(first.children)}</p>\n${blocks(rest, tight, depth)}</li>\n`;
  }
  const content = blocks(item.children, tight, depth);
  return `<li>${box}${tight || content === '' ? '' : '\n'}${content.replace(/\n$/, tight ? '' : '\n')}</li>\n`;
}

/** Short rows are filled with empty cells as cmark-gfm does, unless the table would get more cells than this. */
export const MAX_FILLED_TABLE_CELLS = 10_000;

function row(cells: TableRow, tag: 'th' | 'td', align: readonly (string | null)[], fill: boolean): string {
  let out = '<tr>\n';
  const count = fill ? Math.max(align.length, cells.children.length) : cells.children.length;
  for (let i = 0; i < count; i += 1) {
    const a = ALIGN.has(align[i]!) ? align[i] : null;
    out += `<${tag}${a ? ` align="${a}"` : ''}>${inlines(cells.children[i]?.children ?? [])}</${tag}>\n`;
  }
  return `${out}</tr>\n`;
}

const ALIGN: ReadonlySet<unknown> = new Set(['left', 'right', 'center']);

/**
 * Blocks at block depth `depth`; nothing deeper than the tree allows (a tree from elsewhere).
 * `tight`: the blocks are a tight list item's, whose paragraphs are written without `<p>`.
 */
function blocks(nodes: readonly Block[], tight = false, depth = 1): string {
  if (depth > MAX_BLOCK_DEPTH || !Array.isArray(nodes as unknown)) return '';
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        out += tight ? `${inlines(node.children)}\n` : `<p>${inlines(node.children)}</p>\n`;
        break;
      case 'heading': {
        const level = [1, 2, 3, 4, 5, 6].includes(node.depth) ? node.depth : 6;
        out += `<h${level}>${inlines(node.children)}</h${level}>\n`;
        break;
      }
      case 'blockquote':
        out += `<blockquote>\n${blocks(node.children, false, depth + 1)}</blockquote>\n`;
        break;
      case 'list': {
        const tag = node.ordered ? 'ol' : 'ul';
        const start = node.ordered && Number.isSafeInteger(node.start) && node.start !== 1 ? ` start="${node.start}"` : '';
        out += `<${tag}${start}>\n${node.children.map((item) => listItem(item, !node.spread, depth + 1)).join('')}</${tag}>\n`;
        break;
      }
      case 'code': {
        const lang = node.lang ? ` class="language-${escapeHtml(node.lang)}"` : '';
        out += `<pre><code${lang}>${escapeHtml(node.value)}${node.value === '' ? '' : '\n'}</code></pre>\n`;
        break;
      }
      case 'thematicBreak':
        out += '<hr />\n';
        break;
      case 'table': {
        const [head, ...body] = node.children;
        const fill = node.align.length * node.children.length <= MAX_FILLED_TABLE_CELLS;
        out += '<table>\n';
        if (head) out += `<thead>\n${row(head, 'th', node.align, fill)}</thead>\n`;
        if (body.length > 0) out += `<tbody>\n${body.map((r) => row(r, 'td', node.align, fill)).join('')}</tbody>\n`;
        out += '</table>\n';
        break;
      }
    }
  }
  return out;
}

/** The tree as HTML (cmark's format, everything escaped). */
export function treeToHtml(root: Root): string {
  return blocks(root.children);
}
