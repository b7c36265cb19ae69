// core/rich-text.ts: the server's Markdown tree rendered with Lit templates, inert whatever it holds.
import { html, render } from 'lit';
import { richText, safeHref, type Root } from '../../src/core/rich-text.js';
import { eq, ok } from '../support/assert.js';

const draw = (tree: Root) => {
  const box = document.createElement('div');
  document.body.append(box);
  render(html`${richText(tree)}`, box);
  return box;
};
const attributes = (box: Element) => [...box.querySelectorAll('*')].flatMap((node) => [...node.attributes].map((a) => [a.name, a.value]));

describe('rich text', () => {
  afterEach(() => document.querySelectorAll('body > div').forEach((d) => d.remove()));

  it('renders a hostile tree inert: no script, no on* attribute, no javascript: link', () => {
    const box = draw({
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: '<script>alert(1)</script><img src=x onerror=alert(2)>' }] },
        { type: 'paragraph', children: [{ type: 'link', href: 'javascript:alert(3)', children: [{ type: 'text', value: 'click' }] }] },
        { type: 'paragraph', children: [{ type: 'link', href: ' JaVaScRiPt:alert(4)', children: [{ type: 'text', value: 'again' }] }] },
        { type: 'paragraph', children: [{ type: 'link', href: 'data:text/html,<b>x</b>', children: [{ type: 'text', value: 'data' }] }] },
        { type: 'code', value: '</code><script>alert(5)</script>' },
        { type: 'html', value: '<script>alert(6)</script>' } as never,
        { type: 'paragraph', children: [{ type: 'image', url: 'x', onerror: 'alert(7)' } as never] },
      ],
    });
    eq(box.querySelectorAll('script, img, iframe, object, embed').length, 0);
    eq(attributes(box).filter(([name]) => name!.startsWith('on')), []);
    eq(box.querySelectorAll('a').length, 0, 'unsafe links are shown as their text');
    ok(box.textContent!.includes('<script>alert(1)</script><img src=x onerror=alert(2)>'), 'text stays text');
    ok(box.textContent!.includes('click') && box.textContent!.includes('again'));
  });

  it('each paragraph and list item takes the direction of its own text (an English comment on an Arabic page, and the reverse)', () => {
    const box = draw({
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: 'Does it come with a milk jug?' }] },
        { type: 'paragraph', children: [{ type: 'text', value: 'هل يأتي مع إبريق حليب؟' }] },
        { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Descale monthly.' }] }] }] },
      ],
    });
    box.dir = 'rtl';
    const [english, arabic] = [...box.querySelectorAll('p')];
    eq(getComputedStyle(english!).direction, 'ltr', 'English text on a right-to-left page reads left to right');
    eq(getComputedStyle(arabic!).direction, 'rtl');
    eq(getComputedStyle(box.querySelector('li')!).direction, 'ltr');
  });

  it('links open in a new tab with rel="nofollow ugc noopener"; http, https and mailto only', () => {
    const box = draw({
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'link', href: 'https://example.com/a b', children: [{ type: 'text', value: 'web' }] },
            { type: 'link', href: 'mailto:a@example.com', children: [{ type: 'text', value: 'mail' }] },
            { type: 'link', href: 'ftp://example.com', children: [{ type: 'text', value: 'ftp' }] },
          ],
        },
      ],
    });
    const links = [...box.querySelectorAll('a')];
    eq(links.map((a) => a.getAttribute('href')), ['https://example.com/a%20b', 'mailto:a@example.com']);
    eq(links.map((a) => [a.rel, a.target]), [['nofollow ugc noopener', '_blank'], ['nofollow ugc noopener', '_blank']]);
    eq(safeHref('vbscript:x'), undefined);
  });

  it('headings are bold paragraphs, tasks are ☐/☑, tables scroll in a wrapper, lists keep their start', () => {
    const box = draw({
      type: 'root',
      children: [
        { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Title' }] },
        {
          type: 'list',
          ordered: true,
          start: 3,
          spread: false,
          children: [
            { type: 'listItem', checked: true, spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'done' }] }] },
            { type: 'listItem', checked: false, spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'todo' }] }] },
          ],
        },
        {
          type: 'table',
          align: ['left', 'right'],
          children: [
            { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'a' }] }, { type: 'tableCell', children: [{ type: 'text', value: 'b' }] }] },
            { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'inlineCode', value: '1' }] }, { type: 'tableCell', children: [{ type: 'strong', children: [{ type: 'text', value: '2' }] }] }] },
          ],
        },
        { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'q' }] }, { type: 'break' }, { type: 'delete', children: [{ type: 'text', value: 'x' }] }] }] },
        { type: 'thematicBreak' },
      ],
    });
    eq(box.querySelectorAll('h1, h2, h3, h4, h5, h6').length, 0);
    eq(box.querySelector('p.heading')!.textContent, 'Title');
    eq(box.querySelector('ol')!.getAttribute('start'), '3');
    eq([...box.querySelectorAll('li')].map((li) => li.textContent), ['☑ done', '☐ todo']);
    eq(box.querySelector('.table > table th')!.textContent, 'a');
    eq(box.querySelector('.table')!.getAttribute('tabindex'), '0', 'keyboard users can scroll it');
    eq([...box.querySelectorAll('td')].map((td) => td.getAttribute('align')), ['left', 'right']);
    eq([...box.querySelectorAll('td')].map((td) => getComputedStyle(td).textAlign.replace('-webkit-', '')), ['left', 'right'], 'the browser aligns them');
    ok(box.querySelector('blockquote em') && box.querySelector('blockquote br') && box.querySelector('del') && box.querySelector('hr'));
  });

  it('a tree far deeper than the server makes is shown as text, without exhausting the stack', () => {
    let inline: any = { type: 'text', value: 'deep' };
    for (let i = 0; i < 5000; i++) inline = { type: 'strong', children: [inline] };
    let block: any = { type: 'paragraph', children: [inline] };
    for (let i = 0; i < 5000; i++) block = { type: 'blockquote', children: [block] };
    const box = draw({ type: 'root', children: [block] });
    ok(box.querySelectorAll('*').length < 200, String(box.querySelectorAll('*').length));
  });
});
