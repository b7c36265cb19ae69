// The allow-listed Markdown tree (issue 8) as the REST API sends it and the widgets render it: comments now,
// feed items later. One definition for both sides: the server's markdown/tree.ts builds and checks these
// types (it imports them, type-only), src/core/rich-text.ts renders them. Names follow mdast
// (https://github.com/syntax-tree/mdast), reduced to what user content may show; no raw HTML anywhere.
// Depth is bounded on the server (16 block and 16 inline levels); see docs/markdown.md.

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
