// Feed HTML to the safe tree (issue 11), beyond what the feedparser corpus covers: links against a base, what is
// dropped, images, tables, depth bounds, and the text repairs (C1 controls, double-encoded UTF-8).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText, htmlToText, htmlToTree, textToTree, treeText } from '../../src/feeds/html.ts';
import { isTree, MAX_BLOCK_DEPTH } from '../../src/markdown/tree.ts';

const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });
const text = (value: string) => ({ type: 'text', value });

describe('htmlToTree', () => {
  it('resolves relative links against the base, and keeps only http, https and mailto', () => {
    const tree = htmlToTree('<a href="/a">one</a> <a href="javascript:alert(1)">two</a> <a href="data:text/html,x">three</a> <a href="mailto:a@b.example">four</a>', 'https://example.com/feed/');
    assert.deepEqual(tree.children, [
      paragraph(
        { type: 'link', href: 'https://example.com/a', children: [text('one')] },
        text(' two three '),
        { type: 'link', href: 'mailto:a@b.example', children: [text('four')] },
      ),
    ]);
  });

  it('keeps a relative link as text when there is no base', () => {
    assert.deepEqual(htmlToTree('<a href="/a">one</a>').children, [paragraph(text('one'))]);
  });

  it('drops scripts, styles, iframes, forms and SVG with their content, and every attribute but href', () => {
    const tree = htmlToTree('<p onclick="x()" style="color:red">safe<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe><form><input value="no"></form><svg><text>no</text></svg></p>');
    assert.deepEqual(tree.children, [paragraph(text('safe'))]);
  });

  it('turns an image into a link named by its alt text, and drops one without alt text', () => {
    const tree = htmlToTree('<img src="/cat.png" alt="A cat"> <img src="/dog.png" onerror="x()">', 'https://example.com/');
    assert.deepEqual(tree.children, [paragraph({ type: 'link', href: 'https://example.com/cat.png', children: [text('A cat')] })]);
  });

  it('keeps the shape of headings, lists, quotes, code, rules and tables', () => {
    const tree = htmlToTree('<h2>Title</h2><ol start="3"><li>one</li><li><b>two</b></li></ol><blockquote><p>quoted</p></blockquote><pre>  code\n  here</pre><hr><table><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr></table>');
    assert.ok(isTree(tree));
    assert.deepEqual(tree.children.map((block) => block.type), ['heading', 'list', 'blockquote', 'code', 'thematicBreak', 'table']);
    assert.deepEqual(tree.children[1], {
      type: 'list',
      ordered: true,
      start: 3,
      spread: false,
      children: [
        { type: 'listItem', spread: false, children: [paragraph(text('one'))] },
        { type: 'listItem', spread: false, children: [paragraph({ type: 'strong', children: [text('two')] })] },
      ],
    });
    assert.deepEqual(tree.children[3], { type: 'code', value: '  code\n  here' });
  });

  it('separates paragraphs at block elements and collapses whitespace', () => {
    const tree = htmlToTree('  one\n\n  <div>two   three</div> four<br>  five ');
    assert.deepEqual(tree.children, [paragraph(text('one')), paragraph(text('two three')), paragraph(text('four'), { type: 'break' }, text('five'))]);
  });

  it('stays within the tree\'s bounds however deep the HTML nests', () => {
    const deep = `${'<blockquote>'.repeat(5000)}deep${'</blockquote>'.repeat(5000)}`;
    const tree = htmlToTree(deep);
    assert.ok(isTree(tree));
    assert.equal(treeText(tree), 'deep');
    let depth = 0;
    for (let node: { children?: unknown[] } | undefined = tree; node?.children; node = node.children[0] as { children?: unknown[] }) depth += 1;
    assert.ok(depth <= MAX_BLOCK_DEPTH + 3);
    const inline = htmlToTree(`${'<b><i>'.repeat(3000)}x${'</i></b>'.repeat(3000)}`);
    assert.ok(isTree(inline));
    assert.equal(treeText(inline), 'x');
  });

  it('does not nest links', () => {
    const tree = htmlToTree('<a href="https://a.example/"><a href="https://b.example/">b</a></a>');
    assert.ok(isTree(tree));
  });
});

describe('htmlToText', () => {
  it('is what a browser shows: entities read, tags and scripts gone', () => {
    assert.equal(htmlToText('Q&amp;A <b>now</b><script>alert(1)</script>'), 'Q&A now');
    assert.equal(htmlToText('1 < 2'), '1 < 2');
  });
});

describe('textToTree', () => {
  it('makes paragraphs of blank-line-separated text and breaks of single line breaks', () => {
    assert.deepEqual(textToTree('one\ntwo\n\n<three>').children, [paragraph(text('one'), { type: 'break' }, text('two')), paragraph(text('<three>'))]);
  });
});

describe('cleanText', () => {
  it('reads C1 controls as windows-1252 and double-encoded UTF-8 as what it encodes', () => {
    assert.equal(cleanText('don\u0092t'), 'don’t');
    assert.equal(cleanText('\u00e2\u0080\u00a6'), '…');
    assert.equal(cleanText('\u00e2€\u00a6'), '…');
    // Latin-1 text that only looks like a lead byte and a continuation stays.
    assert.equal(cleanText('Ã©tÃ©'), 'Ã©tÃ©');
    assert.equal(cleanText('a\0b\ud800'), 'a\ufffdb\ufffd');
  });
});
