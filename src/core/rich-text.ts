// User content (comments, later feed items) as the server sends it: a small allow-listed Markdown tree in JSON
// (mdast names, the types of core/tree.ts), rendered here with Lit templates. No HTML string is ever
// parsed: text stays text, whatever it contains, and only the elements below can appear. Links are checked
// again here (http, https, mailto only) in case a tree comes from somewhere less careful than the server.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Block, Inline, ListItem, Root, TableCell, TableRow } from './tree.js';

export type { Block, Inline, ListItem, Root, TableCell, TableRow };

/** The server nests at most 16 block and 16 inline levels; deeper than this, a tree did not come from it and
 * its rest is shown as plain text (so a hostile tree cannot exhaust the stack). */
const MAX_DEPTH = 40;

/** Schemes a link may have. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** `href` when it is an absolute http, https or mailto URL, else undefined (the link is shown as its text). */
export const safeHref = (href: unknown): string | undefined => {
  if (typeof href != 'string') return undefined;
  try {
    const url = new URL(href);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
};

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? value : []);
const textOf = (value: unknown): string => (typeof value == 'string' ? value : '');

/** The plain text of a branch, in order, walked with a stack of its own (a branch too deep to render could
 * be too deep to recurse into too). */
const plain = (nodes: unknown[]): string => {
  let text = '';
  const stack: unknown[] = [...nodes].reverse();
  while (stack.length) {
    const node = stack.pop() as { value?: unknown; children?: unknown } | null;
    if (typeof node?.value == 'string') text += node.value;
    else if (Array.isArray(node?.children)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return text;
};

/** `nodes` each rendered by `render` one level deeper, or their plain text past MAX_DEPTH. */
const each = <T>(nodes: unknown, depth: number, render: (node: T, depth: number) => unknown): unknown => {
  const items = list<T>(nodes);
  return depth > MAX_DEPTH ? plain(items) : items.map((node) => render(node, depth + 1));
};

const inlines = (nodes: unknown, depth: number): unknown => each(nodes, depth, inline);

const inline = (node: Inline, depth: number): unknown => {
  switch (node?.type) {
    case 'text':
      return textOf(node.value);
    case 'emphasis':
      return html`<em>${inlines(node.children, depth)}</em>`;
    case 'strong':
      return html`<strong>${inlines(node.children, depth)}</strong>`;
    case 'delete':
      return html`<del>${inlines(node.children, depth)}</del>`;
    case 'inlineCode':
      return html`<code>${textOf(node.value)}</code>`;
    case 'break':
      return html`<br />`;
    case 'link': {
      const href = safeHref(node.href);
      return href
        ? html`<a href=${href} rel="nofollow ugc noopener" target="_blank">${inlines(node.children, depth)}</a>`
        : inlines(node.children, depth);
    }
    default:
      return nothing;
  }
};

const blocks = (nodes: unknown, depth: number): unknown => each(nodes, depth, block);

const ALIGN = new Set(['left', 'right', 'center']);

const listItem = (item: ListItem, depth: number) => {
  const task = item?.checked === true ? '☑ ' : item?.checked === false ? '☐ ' : '';
  // A tight list's paragraphs are shown as plain lines (as Markdown renders them).
  const content = item?.spread ? blocks(item.children, depth) : list<Block>(item?.children).map((child) => (child?.type == 'paragraph' ? inlines(child.children, depth + 1) : block(child, depth + 1)));
  return html`<li class=${task ? 'task' : nothing} dir="auto">${task}${content}</li>`;
};

const block = (node: Block, depth: number): unknown => {
  switch (node?.type) {
    case 'paragraph':
      return html`<p dir="auto">${inlines(node.children, depth)}</p>`;
    case 'heading':
      // Headings inside a comment would break the host page's outline: a bold paragraph says the same.
      return html`<p class="heading" dir="auto">${inlines(node.children, depth)}</p>`;
    case 'blockquote':
      return html`<blockquote>${blocks(node.children, depth)}</blockquote>`;
    case 'list': {
      const items = list<ListItem>(node.children).map((item) => listItem(item, depth));
      return node.ordered ? html`<ol start=${Number.isInteger(node.start) ? node.start! : nothing}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'code':
      // Scrolls inside itself; focusable so keyboard users can scroll it too.
      return html`<pre tabindex="0"><code>${textOf(node.value)}</code></pre>`;
    case 'thematicBreak':
      return html`<hr />`;
    case 'table': {
      const align = list<string | null>(node.align);
      const rows = list<TableRow>(node.children);
      const cells = (row: TableRow, header: boolean) =>
        list<TableCell>(row?.children).map((cell, i) => {
          // The align attribute, as cmark-gfm writes it: browsers map it to text-align, no stylesheet needed.
          const side = ALIGN.has(align[i]!) ? align[i]! : nothing;
          return header ? html`<th align=${side}>${inlines(cell?.children, depth + 1)}</th>` : html`<td align=${side}>${inlines(cell?.children, depth + 1)}</td>`;
        });
      return html`<div class="table" tabindex="0"
        ><table>
          <thead>
            <tr>${rows[0] ? cells(rows[0], true) : nothing}</tr>
          </thead>
          <tbody>
            ${rows.slice(1).map((row) => html`<tr>${cells(row, false)}</tr>`)}
          </tbody>
        </table></div
      >`;
    }
    default:
      return nothing;
  }
};

/** A Markdown tree as Lit templates (paragraphs, lists, quotes, code, tables, links); nothing for no tree. */
export const richText = (tree: Root | null | undefined): TemplateResult | typeof nothing =>
  tree && Array.isArray(tree.children) ? html`${blocks(tree.children, 0)}` : nothing;

/** How rendered rich text looks inside an element with class `rich`: long words and URLs wrap, code blocks and
 * tables scroll inside themselves, nothing is wider than its box. Links take the widget's own link color. */
export const richTextStyles = css`
  .rich {
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .rich > :first-child {
    margin-block-start: 0;
  }
  .rich > :last-child {
    margin-block-end: 0;
  }
  .rich p,
  .rich ul,
  .rich ol,
  .rich blockquote,
  .rich pre,
  .rich .table {
    margin-block: 0.5em;
  }
  .rich ul,
  .rich ol {
    padding-inline-start: 1.5em;
  }
  .rich .task {
    list-style: none;
  }
  .rich .heading {
    font-weight: bold;
  }
  .rich blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .rich pre,
  .rich .table {
    overflow: auto;
    max-width: 100%;
  }
  .rich pre {
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: 4px;
    overflow-wrap: normal;
  }
  .rich table {
    border-collapse: collapse;
  }
  .rich th,
  .rich td {
    border: 1px solid var(--_border);
    padding: 0.2em 0.5em;
    overflow-wrap: normal;
  }
`;
