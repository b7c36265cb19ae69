import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { markdownToTree } from '../../src/markdown/parse.ts';
import { treeToHtml } from '../../src/markdown/to-html.ts';
import { isTree, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, type Block, type Inline, type Root } from '../../src/markdown/tree.ts';

function html(markdown: string): string {
  const tree = markdownToTree(markdown);
  assert.ok(isTree(tree), `not a valid tree for ${JSON.stringify(markdown)}`);
  return treeToHtml(tree);
}

/** The paragraph's inline content (the first block must be a paragraph). */
function inlines(markdown: string): Inline[] {
  const [first] = markdownToTree(markdown).children;
  assert.equal(first?.type, 'paragraph');
  return first.children;
}

/** Every link's href in the tree. */
function hrefs(root: Root): string[] {
  const found: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as { type: string; href?: string; children?: unknown[] };
    if (node.type === 'link') found.push(node.href!);
    if (node.children) stack.push(...node.children);
  }
  return found;
}

/** The deepest block and inline depths, as tree.ts defines them. */
function depths(root: Root): { block: number; inline: number } {
  let block = 0;
  let inline = 0;
  const blocks: [Block, number][] = root.children.map((b) => [b, 1]);
  const phrasing: [Inline, number][] = [];
  while (blocks.length > 0) {
    const [node, depth] = blocks.pop()!;
    block = Math.max(block, depth);
    if (node.type === 'blockquote') blocks.push(...node.children.map((b): [Block, number] => [b, depth + 1]));
    if (node.type === 'list') for (const item of node.children) blocks.push(...item.children.map((b): [Block, number] => [b, depth + 1]));
    if (node.type === 'paragraph' || node.type === 'heading') phrasing.push(...node.children.map((i): [Inline, number] => [i, 1]));
    if (node.type === 'table') for (const row of node.children) for (const cell of row.children) phrasing.push(...cell.children.map((i): [Inline, number] => [i, 1]));
  }
  while (phrasing.length > 0) {
    const [node, depth] = phrasing.pop()!;
    inline = Math.max(inline, depth);
    if ('children' in node) phrasing.push(...node.children.map((i): [Inline, number] => [i, depth + 1]));
  }
  return { block, inline };
}

function allText(root: unknown): string {
  return JSON.stringify(root).match(/"value":"(?:[^"\\]|\\.)*"/g)?.join('') ?? '';
}

describe('markdownToTree: links', () => {
  it('keeps http, https and mailto links, whatever the case of the scheme', () => {
    for (const [markdown, href] of [
      ['[a](http://example.com/x?y=1#z)', 'http://example.com/x?y=1#z'],
      ['[a](https://example.com)', 'https://example.com'],
      ['[a](HTTPS://EXAMPLE.COM)', 'HTTPS://EXAMPLE.COM'],
      ['[a](mailto:someone@example.com)', 'mailto:someone@example.com'],
      ['[a](MailTo:someone@example.com)', 'MailTo:someone@example.com'],
      ['<https://example.com/a>', 'https://example.com/a'],
      ['<someone@example.com>', 'mailto:someone@example.com'],
      ['see www.example.com/a.', 'http://www.example.com/a'],
      ['see https://example.com/a_b.', 'https://example.com/a_b'],
      ['mail someone@example.com.', 'mailto:someone@example.com'],
      ['[a][r]\n\n[r]: https://example.com/ref "title"', 'https://example.com/ref'],
      ['[r]\n\n[R]: https://example.com/first\n[r]: https://example.com/second', 'https://example.com/first'],
      ['[a](<https://example.com/a b>)', 'https://example.com/a b'],
      ['[a](https://example.com/&auml;)', 'https://example.com/ä'],
    ]) {
      assert.deepEqual(hrefs(markdownToTree(markdown!)), [href], markdown);
    }
  });

  it('refuses every other scheme, relative and protocol-relative URLs, and keeps the link text', () => {
    for (const markdown of [
      '[a](javascript:alert(1))',
      '[a](JavaScript:alert(1))',
      '[a](jav&#x61;script:alert(1))',
      '[a](&#106;avascript:alert(1))',
      '[a](javascript&#58;alert(1))',
      '[a](<java\tscript:alert(1)>)',
      '[a](<java&#9;script:alert(1)>)',
      '[a](<java&#10;script:alert(1)>)',
      '[a](<\u0001javascript:alert(1)>)',
      '[a](< javascript:alert(1)>)',
      '[a](data:text/html;base64,PHNjcmlwdD4=)',
      '[a](vbscript:msgbox(1))',
      '[a](file:///etc/passwd)',
      '[a](ftp://example.com)',
      '[a](/relative)',
      '[a](relative/path)',
      '[a](#anchor)',
      '[a](?q=1)',
      '[a](//evil.example.com)',
      '[a](\\\\evil.example.com)',
      '[a](https//example.com)',
      '[a]()',
      '[a][r]\n\n[r]: javascript:alert(1)',
      '<javascript:alert(1)>',
      '<data:text/html,x>',
    ]) {
      const tree = markdownToTree(markdown);
      assert.deepEqual(hrefs(tree), [], markdown);
      assert.ok(isTree(tree));
      assert.ok(!html(markdown).includes('<a '), markdown);
    }
    assert.deepEqual(inlines('x [a *b*](javascript:alert(1)) y'), [
      { type: 'text', value: 'x a ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'b' }] },
      { type: 'text', value: ' y' },
    ]);
    assert.deepEqual(inlines('<javascript:alert(1)>'), [{ type: 'text', value: 'javascript:alert(1)' }]);
  });

  it('keeps the href that was checked: without the characters URL parsers strip', () => {
    assert.deepEqual(hrefs(markdownToTree('[a](<https://exa\tmple.com>)')), ['https://example.com']);
    assert.deepEqual(hrefs(markdownToTree('[a](< https://example.com >)')), ['https://example.com']);
  });

  it('writes hrefs percent-encoded and escaped, as cmark does', () => {
    assert.equal(
      html(`[a](<https://example.com/"onmouseover='x' \\<b\\>&amp;[ä]>)`),
      '<p><a href="https://example.com/%22onmouseover=&#x27;x&#x27;%20%3Cb%3E&amp;%5B%C3%A4%5D">a</a></p>\n',
    );
  });
});

describe('markdownToTree: raw HTML, images', () => {
  it('shows raw HTML, block and inline, as text', () => {
    assert.deepEqual(inlines('a <b class="x">c</b> d'), [{ type: 'text', value: 'a <b class="x">c</b> d' }]);
    assert.equal(html('a <b>c</b>'), '<p>a &lt;b&gt;c&lt;/b&gt;</p>\n');
    const script = '<script>alert("x")</script>';
    assert.deepEqual(markdownToTree(script).children, [{ type: 'paragraph', children: [{ type: 'text', value: script }] }]);
    assert.equal(html(script), '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n');
    assert.equal(html('<div>\n*a*\n</div>'), '<p>&lt;div&gt;<br />\n*a*<br />\n&lt;/div&gt;</p>\n');
    for (const markdown of ['<img src=x onerror=alert(1)>', 'a <img src=x onerror="alert(1)"> b', '<iframe src="https://evil.example"></iframe>', '<!-- c --> <?php x ?> <![CDATA[x]]>', '<style>p{}</style>']) {
      const out = html(markdown);
      assert.ok(!/<(?!\/?p>|br \/>)/.test(out), `${markdown} → ${out}`);
      assert.ok(out.includes('&lt;'), out);
    }
  });

  it('makes images links to their URL (alt text, or the URL), or only their alt text', () => {
    assert.deepEqual(inlines('![a *cat*](https://example.com/cat.png "t")'), [
      { type: 'link', href: 'https://example.com/cat.png', children: [{ type: 'text', value: 'a cat' }] },
    ]);
    assert.deepEqual(inlines('![](https://example.com/pixel.gif)'), [
      { type: 'link', href: 'https://example.com/pixel.gif', children: [{ type: 'text', value: 'https://example.com/pixel.gif' }] },
    ]);
    assert.deepEqual(inlines('![i][r]\n\n[r]: https://example.com/i.png'), [
      { type: 'link', href: 'https://example.com/i.png', children: [{ type: 'text', value: 'i' }] },
    ]);
    assert.deepEqual(inlines('![cat](/cat.png) ![x](javascript:alert(1)) ![y](data:image/png;base64,AA==)'), [
      { type: 'text', value: 'cat x y' },
    ]);
    // No link inside a link: an image in a link is its alt text.
    assert.deepEqual(inlines('[![logo](https://example.com/l.png)](https://example.com)'), [
      { type: 'link', href: 'https://example.com', children: [{ type: 'text', value: 'logo' }] },
    ]);
    assert.ok(!html('![x](https://example.com/x.png)').includes('<img'));
  });
});

describe('markdownToTree: GFM and the rest', () => {
  it('parses strikethrough, tables, task lists and literal autolinks', () => {
    assert.deepEqual(inlines('~~gone~~ ~also~'), [
      { type: 'delete', children: [{ type: 'text', value: 'gone' }] },
      { type: 'text', value: ' ' },
      { type: 'delete', children: [{ type: 'text', value: 'also' }] },
    ]);
    const cell = (value: string) => ({ type: 'tableCell', children: value ? [{ type: 'text', value }] : [] });
    assert.deepEqual(markdownToTree('| a | b | c |\n|:-|-:|:-:|\n| 1 |\n| 1 | 2 | 3 | 4 |').children, [
      {
        type: 'table',
        align: ['left', 'right', 'center'],
        children: [
          { type: 'tableRow', children: [cell('a'), cell('b'), cell('c')] },
          { type: 'tableRow', children: [cell('1')] },
          { type: 'tableRow', children: [cell('1'), cell('2'), cell('3')] },
        ],
      },
    ]);
    assert.deepEqual(markdownToTree('- [ ] todo\n- [x] done\n- plain').children, [
      {
        type: 'list',
        ordered: false,
        spread: false,
        children: [
          { type: 'listItem', checked: false, spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'todo' }] }] },
          { type: 'listItem', checked: true, spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'done' }] }] },
          { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'plain' }] }] },
        ],
      },
    ]);
    assert.match(html('| a | b |\n|-|-|\n| 1 |'), /<td>1<\/td>\n<td><\/td>\n<\/tr>/);
    assert.equal(
      html('- [x] done'),
      '<ul>\n<li><input type="checkbox" checked="" disabled="" /> done</li>\n</ul>\n',
    );
  });

  it('keeps headings with their depth, ordered lists with their start, code with its language', () => {
    assert.deepEqual(markdownToTree('### Three\n\n3. a\n4. b\n\n```ts meta\nx\n```').children, [
      { type: 'heading', depth: 3, children: [{ type: 'text', value: 'Three' }] },
      {
        type: 'list',
        ordered: true,
        start: 3,
        spread: false,
        children: [
          { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a' }] }] },
          { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'b' }] }] },
        ],
      },
      { type: 'code', lang: 'ts', value: 'x' },
    ]);
  });

  it('makes a list loose, list and items alike, when items or blocks in an item are apart', () => {
    for (const markdown of ['- a\n\n- b', '- a\n- b\n\n  c']) {
      const [list] = markdownToTree(markdown).children;
      assert.equal(list?.type, 'list');
      assert.equal(list.spread, true, markdown);
      assert.deepEqual(list.children.map((item) => item.spread), [true, true], markdown);
    }
    const [tight] = markdownToTree('- a\n- b').children;
    assert.ok(tight?.type === 'list' && !tight.spread && tight.children.every((item) => !item.spread));
  });

  it('shows footnotes as written and drops link reference definitions', () => {
    assert.deepEqual(markdownToTree('Text[^1].\n\n[^1]: The *note*.\n\n[r]: https://example.com').children, [
      { type: 'paragraph', children: [{ type: 'text', value: 'Text[^1].' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', value: '[^1]: The ' },
          { type: 'emphasis', children: [{ type: 'text', value: 'note' }] },
          { type: 'text', value: '.' },
        ],
      },
    ]);
    assert.deepEqual(markdownToTree('[r]: https://example.com').children, []);
  });

  it('merges adjacent text', () => {
    assert.deepEqual(inlines('a <x> b &amp; c\\* [d](/rel) e'), [{ type: 'text', value: 'a <x> b & c* d e' }]);
  });
});

describe('markdownToTree: hostile input', () => {
  const adversarial: [string, string][] = [
    ['*a **a ', '*a **a '.repeat(1429)],
    ['[', '['.repeat(10000)],
    ['![', '!['.repeat(5000)],
    ['[a](', '[a]('.repeat(2500)],
    ['>', '>'.repeat(10000)],
    ['> ', '> '.repeat(5000)],
    ['- ', '- '.repeat(4999) + 'a'],
    ['1. ', '1. '.repeat(3333)],
    ['> - 1. ', '> - 1. '.repeat(1428)],
    ['nested lists, indented', Array.from({ length: 99 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n')],
    ['nested lists, 32 a line, indented', Array.from({ length: 17 }, (_, i) => `${' '.repeat(64 * i)}${'- '.repeat(32)}a`).join('\n')],
    ['_…a…_', `${'_'.repeat(4999)}a${'_'.repeat(4999)}`],
    ['*…a…*', `${'*'.repeat(4999)}a${'*'.repeat(4999)}`],
    ['*_ nested', `${'*_'.repeat(2499)}a${'_*'.repeat(2499)}`],
    ['** nested', `${'**a '.repeat(1250)}${'b** '.repeat(1250)}`],
    ['~~', `${'~~a'.repeat(3333)}`],
    ['a~~', `${'a~~'.repeat(3333)}`],
    ['nested links', `${'[a'.repeat(2000)}${'](http://x)'.repeat(500)}`],
    ['`', '`a'.repeat(5000)],
    ['<', '<a '.repeat(3333)],
    ['|', `|a|\n|-|\n${'|'.repeat(9990)}`],
    ['wide table, short rows', `${'a|'.repeat(1250)}\n${'-|'.repeat(1250)}\n${'a\n'.repeat(2498)}`],
    ['references', `[a]: http://x\n${'[a]'.repeat(3300)}`],
    ['definitions', '[a]:b\n'.repeat(1666)],
    ['&', '&amp;'.repeat(2000)],
    ['www', 'www.a.com/('.repeat(900)],
    ['emails', 'a@b.'.repeat(2500)],
    ['[^', '[^a]'.repeat(2500)],
    ['footnote definitions', '[^a]: '.repeat(1666)],
    ['footnote definitions, nested', '[^a]:\n    '.repeat(1000)],
    ['list items with sub-items', '- a\n  - b\n'.repeat(1000)],
    ['list items', '- a\n'.repeat(2500)],
    ['quoted list items', '> - a\n>   - b\n'.repeat(714)],
    ['quotes on lines', Array.from({ length: 140 }, (_, i) => `${'>'.repeat(i)} a`).join('\n').slice(0, 10000)],
    ['deep quote lines', `${'>'.repeat(64)} a\n`.repeat(150)],
  ];

  /** CPU time of `markdownToTree(source)`, the best of up to three runs (other processes do not count). */
  const cpuTime = (source: string, enough = 0): { tree: Root; ms: number } => {
    let tree: Root | undefined;
    let ms = Infinity;
    for (let run = 0; run < 3 && ms >= enough; run += 1) {
      const started = process.cpuUsage();
      tree = markdownToTree(source);
      const used = process.cpuUsage(started);
      ms = Math.min(ms, (used.user + used.system) / 1000);
    }
    return { tree: tree!, ms };
  };
  // An ordinary 10,000-character comment, for a machine that is busy with other work: on an idle
  // one every input below takes well under a second; on a loaded one, at most 25 times this.
  let ordinary = 0;
  before(() => {
    ordinary = cpuTime('Some *prose* with a [link](https://example.com), `code` and **more**.\n'.repeat(140).slice(0, 10000)).ms;
  });

  for (const [name, source] of adversarial) {
    it(`parses ${JSON.stringify(name)} × ${source.length} characters quickly, within the depth bounds`, () => {
      const { tree, ms } = cpuTime(source, 1000);
      assert.ok(ms < Math.max(1000, 25 * ordinary), `${ms.toFixed(0)} ms of CPU (an ordinary comment: ${ordinary.toFixed(0)} ms)`);
      assert.ok(isTree(tree));
      const { block, inline } = depths(tree);
      assert.ok(block <= MAX_BLOCK_DEPTH && inline <= MAX_INLINE_DEPTH, `${block} / ${inline}`);
      treeToHtml(tree);
    });
  }

  it('stops resolving references once they have copied 10 times the input (at least 100,000 characters)', () => {
    const url = `https://example.com/${'y'.repeat(5000)}`;
    for (const use of ['[a]', '![][a]']) {
      const source = `[a]: ${url}\n\n${use.repeat(Math.floor(4990 / use.length))}`;
      const tree = markdownToTree(source);
      assert.ok(isTree(tree));
      assert.ok(JSON.stringify(tree).length < 250_000, `${use}: ${JSON.stringify(tree).length}`);
      assert.ok(hrefs(tree).length >= 10, use);
    }
  });

  it('does not pad short table rows (10,000 characters would make millions of cells)', () => {
    const source = `${'a|'.repeat(1250)}\n${'-|'.repeat(1250)}\n${'a\n'.repeat(2498)}`;
    const tree = markdownToTree(source);
    assert.ok(JSON.stringify(tree).length < 50 * source.length);
    assert.ok(treeToHtml(tree).length < 50 * source.length);
  });

  it('flattens content deeper than the bound into the deepest level, keeping its text', () => {
    const quotes = markdownToTree(`${'> '.repeat(40)}deep`);
    assert.equal(depths(quotes).block, MAX_BLOCK_DEPTH);
    assert.match(allText(quotes), /deep/);
    const lists = markdownToTree(Array.from({ length: 30 }, (_, i) => `${' '.repeat(i * 2)}- item ${i}`).join('\n'));
    assert.equal(depths(lists).block, MAX_BLOCK_DEPTH);
    for (let i = 0; i < 30; i += 1) assert.match(allText(lists), new RegExp(`item ${i}\\b`));
    const emphasis = markdownToTree(`${'*a _b '.repeat(20)}c${' d_ e*'.repeat(20)}`);
    assert.equal(depths(emphasis).inline, MAX_INLINE_DEPTH);
    assert.match(allText(emphasis), /c/);
    // More than 32 container markers on a line: the rest is text.
    assert.match(allText(markdownToTree(`${'> '.repeat(40)}x`)), /> > > > > > > > x/);
  });

  it('turns NUL and lone surrogates into U+FFFD', () => {
    assert.deepEqual(inlines('a\0b'), [{ type: 'text', value: 'a\uFFFDb' }]);
    assert.deepEqual(inlines('a\uD800b\uDC00c\uD83D\uDE00'), [{ type: 'text', value: 'a\uFFFDb\uFFFDc\uD83D\uDE00' }]);
    const tree = markdownToTree('[\uDC00](https://example.com/\uD800) `\0`');
    assert.ok(isTree(tree));
    assert.ok(!/[\uD800-\uDFFF]/.test(JSON.stringify(tree).replace(/\uD83D\uDE00/g, '')));
    assert.equal(treeToHtml(tree), '<p><a href="https://example.com/%EF%BF%BD">\uFFFD</a> <code>\uFFFD</code></p>\n');
  });

  it('never throws: random strings of Markdown punctuation give valid trees', () => {
    const alphabet = ['*', '_', '~', '`', '[', ']', '(', ')', '!', '<', '>', '-', '+', '1.', '#', '|', ':', '\\', '&', ';', '"', "'", ' ', '  ', '\t', '\n', '\n\n', 'a', 'http://x', 'www.x.y', '@', 'javascript:', '\0', '\uD800', '^', '='];
    let seed = 8;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 400; i += 1) {
      const parts: string[] = [];
      for (let j = random(200); j > 0; j -= 1) parts.push(alphabet[random(alphabet.length)]!);
      const source = parts.join('');
      const tree = markdownToTree(source);
      assert.ok(isTree(tree), JSON.stringify(source));
      const out = treeToHtml(tree);
      assert.ok(!/<(?!\/?(p|h[1-6]|blockquote|ul|ol|li|pre|code|hr|table|thead|tbody|tr|th|td|em|strong|del|a|br|input)[\s/>])/.test(out), JSON.stringify(source));
    }
  });
});

describe('treeToHtml', () => {
  it('escapes whatever a tree from elsewhere holds, and stops at the depth bounds', () => {
    const hostile = {
      type: 'root',
      children: [
        { type: 'heading', depth: '1><script>x</script', children: [{ type: 'text', value: '<script>"&' }] },
        { type: 'list', ordered: true, start: '2"><script>x</script><ol a="', spread: false, children: [] },
        { type: 'table', align: ['left"><script>x</script><i a="'], children: [{ type: 'tableRow', children: [{ type: 'tableCell', children: [] }] }] },
        { type: 'code', lang: '"><script>', value: '</code><script>' },
        { type: 'paragraph', children: [{ type: 'link', href: 'javascript:alert(1)', children: [{ type: 'inlineCode', value: '<script>' }] }] },
      ],
    } as unknown as Root;
    const out = treeToHtml(hostile);
    assert.ok(!/<script/i.test(out), out);
    assert.ok(!out.includes('<a '), out);
    let deep: unknown = { type: 'paragraph', children: [{ type: 'text', value: 'bottom' }] };
    let phrasing: unknown = { type: 'text', value: 'inner' };
    for (let i = 0; i < 20_000; i += 1) {
      deep = { type: 'blockquote', children: [deep] };
      phrasing = { type: 'emphasis', children: [phrasing] };
    }
    assert.ok(!treeToHtml({ type: 'root', children: [deep] } as Root).includes('bottom'));
    assert.ok(!treeToHtml({ type: 'root', children: [{ type: 'paragraph', children: [phrasing] }] } as Root).includes('inner'));
  });
});

describe('docs/markdown.md', () => {
  it('shows the tree markdownToTree() gives for its example', () => {
    const doc = readFileSync(new URL('../../../docs/markdown.md', import.meta.url), 'utf8');
    const source = /^`("[^`]*")` gives:$/m.exec(doc)?.[1];
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(source && json, 'the example is missing');
    assert.deepEqual(markdownToTree(JSON.parse(source) as string), JSON.parse(json));
  });
});

describe('isTree', () => {
  it('refuses what is not the comment tree', () => {
    const p = (children: unknown[]) => ({ type: 'root', children: [{ type: 'paragraph', children }] });
    assert.ok(isTree(p([{ type: 'text', value: 'x' }])));
    assert.ok(!isTree(p([{ type: 'text', value: 'x', extra: 1 }])));
    assert.ok(!isTree(p([{ type: 'html', value: '<b>' }])));
    assert.ok(!isTree(p([{ type: 'image', url: 'https://x' }])));
    assert.ok(!isTree(p([{ type: 'link', href: 'javascript:alert(1)', children: [] }])));
    assert.ok(!isTree(p([{ type: 'link', href: '/relative', children: [] }])));
    assert.ok(!isTree(p([{ type: 'link', href: 'https://x', children: [{ type: 'link', href: 'https://y', children: [] }] }])));
    assert.ok(!isTree({ type: 'root', children: [{ type: 'heading', depth: 7, children: [] }] }));
    assert.ok(!isTree({ type: 'root', children: [{ type: 'table', align: [null], children: [{ type: 'tableRow', children: [] }] }] }));
    let deep: unknown = { type: 'paragraph', children: [] };
    for (let i = 0; i < MAX_BLOCK_DEPTH; i += 1) deep = { type: 'blockquote', children: [deep] };
    assert.ok(!isTree({ type: 'root', children: [deep] }));
    assert.ok(!isTree(null));
    assert.ok(!isTree({ type: 'root' }));
  });
});
