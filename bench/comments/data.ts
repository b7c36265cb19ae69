// The comments bench's data: one discussion, made deterministically (a seeded PRNG), written once as Markdown
// trees in the API's shape (a subset of src/core/tree.ts: the nodes this discussion uses) and converted from there
// to what each contestant's server would send: Kith's Comment JSON (the tree), Waline's (HTML its server
// renders, plus the Markdown), Artalk's (the Markdown, which its client renders with marked) and the bare
// page's (HTML). Every contestant shows the same authors, avatars, dates and words.
//
// Bodies are what a product discussion holds: one to three paragraphs with emphasis, strong text, a link,
// inline code, now and then a fenced code block or a short list. Authors: 24 names, each with an avatar
// (an SVG served by the bench's API server, `<api>/avatars/<k>.svg`).
import { seededRandom } from '../seeded-random.ts';

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'emphasis' | 'strong'; children: Inline[] }
  | { type: 'inlineCode'; value: string }
  | { type: 'link'; href: string; children: Inline[] };
export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; lang?: string; value: string }
  | { type: 'list'; ordered: boolean; spread: boolean; children: Array<{ type: 'listItem'; spread: boolean; children: Block[] }> };
export interface Root {
  type: 'root';
  children: Block[];
}

export interface BenchComment {
  /** 1-based, unique over the discussion, in display order (a thread's root, then its replies). */
  n: number;
  parent: number | null;
  root: number;
  depth: number;
  author: number;
  tree: Root;
  /** ms since the epoch. */
  time: number;
  up: number;
}

export interface BenchThread {
  root: BenchComment;
  replies: BenchComment[];
}

export const AUTHORS = [
  'Ada Lindqvist', 'Bruno Okafor', 'Chen Wei', 'Dana Whitfield', 'Emeka Obi', 'Farah Haddad', 'Gustav Berg', 'Hana Sato',
  'Ines Moreau', 'Jonas Keller', 'Kavya Rao', 'Liam O’Connor', 'Maya Goldberg', 'Nikolai Petrov', 'Olivia Brandt', 'Pedro Alves',
  'Qiu Lan', 'Rosa Jiménez', 'Samir Nasser', 'Tove Dahl', 'Umar Farouk', 'Vera Novak', 'Wen Zhou', 'Yusuf Demir',
] as const;
const COLORS = ['#e57373', '#64b5f6', '#81c784', '#ffb74d', '#ba68c8', '#4db6ac', '#f06292', '#a1887f'];

/** The avatar of author k: a 40×40 SVG, a colored disc with the initial. */
export function avatarSvg(k: number): string {
  const name = AUTHORS[k % AUTHORS.length]!;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="20" fill="${COLORS[k % COLORS.length]}"/><text x="20" y="26" font-family="sans-serif" font-size="18" text-anchor="middle" fill="#fff">${name[0]}</text></svg>`;
}

const SENTENCES = [
  'I have been using this for about three weeks now and it holds up well',
  'The battery lasts a full day even with the screen at maximum brightness',
  'Setup took less than ten minutes, including the firmware update',
  'Support answered my question the same afternoon, which I did not expect',
  'The build quality feels better than the previous model',
  'My only complaint is that the charger is sold separately',
  'It works with the older docking station as long as you update the driver first',
  'We ordered twelve of these for the office and two arrived with scratched cases',
  'The manual is thin, but the online documentation covers everything',
  'After the last update the fan is noticeably quieter under load',
  'Shipping to Norway took four days, which is fine',
  'I returned the first one because of a dead pixel, the replacement is perfect',
  'The price dropped a week after I bought it, so maybe wait for a sale',
  'It is heavier than the photos suggest, keep that in mind if you travel a lot',
  'Colors look accurate out of the box, no calibration needed for my work',
  'The companion app asks for far too many permissions',
];
const EMPHASES = ['really', 'much', 'not', 'every single time', 'surprisingly', 'definitely'];
const STRONGS = ['Update:', 'Important:', 'Tip:', 'Note:'];
const CODES = ['--no-sandbox', 'config.json', 'v2.4.1', 'Ctrl+Shift+R', 'sudo apt install', 'max_connections = 200', 'localhost:8080'];
const LINKS = [
  ['the support page', 'https://example.com/support'],
  ['this review', 'https://example.org/reviews/42'],
  ['the changelog', 'https://example.com/changelog'],
  ['the FAQ', 'https://example.net/faq#battery'],
] as const;
const BLOCKS = [
  { lang: 'json', value: '{\n  "brightness": 80,\n  "autoUpdate": true\n}' },
  { lang: 'sh', value: 'curl -fsSL https://example.com/install.sh | sh\nexample-cli --version' },
  { lang: undefined, value: 'Error 0x80070005: access denied' },
];

function paragraph(r: () => number, pick: <T>(xs: readonly T[]) => T, decorated: boolean): Block {
  const children: Inline[] = [];
  const count = 1 + Math.floor(r() * 3);
  for (let s = 0; s < count; s++) {
    const text = pick(SENTENCES);
    if (s > 0) children.push({ type: 'text', value: ' ' });
    if (decorated && s === 0 && r() < 0.3) children.push({ type: 'strong', children: [{ type: 'text', value: pick(STRONGS) }] }, { type: 'text', value: ' ' });
    const roll = decorated ? r() : 1;
    if (roll < 0.2) {
      const words = text.split(' ');
      const at = 1 + Math.floor(r() * (words.length - 2));
      children.push(
        { type: 'text', value: words.slice(0, at).join(' ') + ' ' },
        { type: 'emphasis', children: [{ type: 'text', value: pick(EMPHASES) }] },
        { type: 'text', value: ' ' + words.slice(at).join(' ') + '.' },
      );
    } else if (roll < 0.35) {
      children.push({ type: 'text', value: `${text}, see ` });
      const [label, href] = pick(LINKS);
      children.push({ type: 'link', href, children: [{ type: 'text', value: label }] }, { type: 'text', value: '.' });
    } else if (roll < 0.5) {
      children.push({ type: 'text', value: `${text} (I used ` }, { type: 'inlineCode', value: pick(CODES) }, { type: 'text', value: ').' });
    } else children.push({ type: 'text', value: `${text}.` });
  }
  return { type: 'paragraph', children };
}

function body(r: () => number, pick: <T>(xs: readonly T[]) => T): Root {
  const children: Block[] = [paragraph(r, pick, true)];
  const roll = r();
  if (roll < 0.1) children.push({ type: 'code', ...pick(BLOCKS) });
  else if (roll < 0.18)
    children.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: [0, 1, 2].map(() => ({ type: 'listItem' as const, spread: false, children: [paragraph(r, pick, false)] })),
    });
  if (r() < 0.4) children.push(paragraph(r, pick, true));
  return { type: 'root', children };
}

/** `threads` top-level comments, each with `replies` replies (depths 1, 2, 3, 3, …: each answers the one
 * before it, up to depth 3, like a conversation), newest thread first, replies oldest first. */
export function discussion(threads: number, replies: number, seed = 8): BenchThread[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const start = Date.UTC(2026, 10, 1);
  let n = 0;
  const out: BenchThread[] = [];
  for (let t = 0; t < threads; t++) {
    const time = start + (threads - t) * 3_600_000;
    const root: BenchComment = { n: ++n, parent: null, root: 0, depth: 0, author: Math.floor(r() * AUTHORS.length), tree: body(r, pick), time, up: Math.floor(r() * 30) };
    root.root = root.n;
    const list: BenchComment[] = [];
    let previous = root;
    for (let i = 0; i < replies; i++) {
      const depth = Math.min(previous.depth + 1, 3);
      const parent = depth > previous.depth ? previous.n : previous.parent!;
      const reply: BenchComment = { n: ++n, parent, root: root.n, depth, author: Math.floor(r() * AUTHORS.length), tree: body(r, pick), time: time + (i + 1) * 60_000, up: Math.floor(r() * 8) };
      list.push(reply);
      previous = reply;
    }
    out.push({ root, replies: list });
  }
  return out;
}

export const count = (d: BenchThread[]) => d.reduce((sum, t) => sum + 1 + t.replies.length, 0);

// ---- Markdown and HTML from the tree ----

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function inlineHtml(x: Inline): string {
  switch (x.type) {
    case 'text':
      return escapeHtml(x.value);
    case 'emphasis':
      return `<em>${x.children.map(inlineHtml).join('')}</em>`;
    case 'strong':
      return `<strong>${x.children.map(inlineHtml).join('')}</strong>`;
    case 'inlineCode':
      return `<code>${escapeHtml(x.value)}</code>`;
    case 'link':
      return `<a href="${escapeHtml(x.href)}" target="_blank" rel="noopener noreferrer nofollow">${x.children.map(inlineHtml).join('')}</a>`;
  }
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${b.children.map(inlineHtml).join('')}</p>`;
    case 'code':
      return `<pre><code${b.lang ? ` class="language-${b.lang}"` : ''}>${escapeHtml(b.value)}\n</code></pre>`;
    case 'list':
      return `<ul>${b.children.map((item) => `<li>${item.children.map((c) => (c.type === 'paragraph' ? c.children.map(inlineHtml).join('') : blockHtml(c))).join('')}</li>`).join('')}</ul>`;
  }
}

/** What a server that renders Markdown sends (Waline's `comment`), and what the bare page shows. */
export const toHtml = (tree: Root) => tree.children.map(blockHtml).join('\n');

function inlineMd(x: Inline): string {
  switch (x.type) {
    case 'text':
      return x.value;
    case 'emphasis':
      return `*${x.children.map(inlineMd).join('')}*`;
    case 'strong':
      return `**${x.children.map(inlineMd).join('')}**`;
    case 'inlineCode':
      return `\`${x.value}\``;
    case 'link':
      return `[${x.children.map(inlineMd).join('')}](${x.href})`;
  }
}

function blockMd(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return b.children.map(inlineMd).join('');
    case 'code':
      return `\`\`\`${b.lang ?? ''}\n${b.value}\n\`\`\``;
    case 'list':
      return b.children.map((item) => `- ${item.children.map(blockMd).join('\n')}`).join('\n');
  }
}

/** The source as its author typed it (Artalk's `content`, Waline's `orig`). */
export const toMarkdown = (tree: Root) => tree.children.map(blockMd).join('\n\n');

/** How many elements the HTML of a body holds (to check what the probes attribute to Markdown). */
export const htmlElements = (tree: Root) => (toHtml(tree).match(/<[a-z]/g) ?? []).length;
