// The bench's feeds: an RSS 2.0 document of about 1 MB, as a busy news site's full-content feed looks (items with
// HTML paragraphs, links, lists, the odd image and script, categories, an enclosure now and then, RFC 822 dates),
// generated from a seed so every run parses the same bytes.
import { seededRandom } from '../seeded-random.ts';

const WORDS = 'coffee grinder espresso burr crema milk pressure pump boiler temperature roast bean origin water scale descaling steam wand portafilter tamper shot ristretto lungo flat white cappuccino latte'.split(' ');

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS feed of at least `bytes` bytes (UTF-8). */
export function benchFeed(bytes = 1_000_000, seed = 11): string {
  const random = seededRandom(seed);
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentence = (n: number) => {
    const words = Array.from({ length: n }, word);
    words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
    return words.join(' ') + '.';
  };
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, () => `<p>${sentence(12)} <a href="/articles/${i}#${word()}">${word()}</a> ${sentence(10)} <strong>${word()}</strong> <em>${word()}</em>.</p>`);
    if (i % 5 == 0) paragraphs.push(`<ul><li>${sentence(5)}</li><li>${sentence(6)}</li></ul>`);
    if (i % 7 == 0) paragraphs.push(`<img src="/img/${i}.jpg" alt="${word()} ${word()}"><script>track(${i})</script>`);
    const date = new Date(Date.UTC(2026, 10, 30) - i * 3_600_000).toUTCString();
    const item = `<item>
  <title>${escape(sentence(6))}</title>
  <link>https://news.example/articles/${i}</link>
  <guid isPermaLink="false">bench-${i}</guid>
  <pubDate>${date}</pubDate>
  <author>editor@news.example (${word()} ${word()})</author>
  <category>${word()}</category><category>${word()}</category>
  <description>${escape(paragraphs.join('\n'))}</description>${i % 10 == 0 ? `\n  <enclosure url="https://news.example/audio/${i}.mp3" length="${1_000_000 + i}" type="audio/mpeg"/>` : ''}
</item>`;
    items.push(item);
    size += Buffer.byteLength(item);
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Bench news</title><link>https://news.example/</link><description>A big feed</description>
${items.join('\n')}
</channel></rss>`;
}
