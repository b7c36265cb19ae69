// npm run bench: sizes (gzip -9), the rating summary GET's throughput and render times, each next to a
// baseline measured in the same run (Shoelace's sl-rating, a bare Fastify route, plain text), with the
// issue's budgets; and the comments widget beside Waline, Artalk and a bare innerHTML page (issue 8).
// Prints every table first; then exits 1 if a budget failed.
// Issue 9: the tag cloud page's size and the tag reads' times on 1,000,000 vs 1,000 taggings (`tags`); in
// `render`, the compact tag cloud's render beside Shoelace's sl-tag.
// Issue 10: the ID card page's size beside Shoelace's sl-tooltip, and hover to painted card (`cards`); in `render`,
// a list of names in <kith-id-card> beside the same in sl-tooltip.
// Issue 11: the feed page's size, the proxy's parse of a 1 MB feed beside feedsmith's, and a cached feed read's
// throughput beside a bare route (`feeds`).
// `node bench/run.ts render` (or `sizes`, `http`, `tokens`, `comments`, `tags`, `cards`, `feeds`, several at once) runs only those sections.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sideBySide, startTarget } from './http.ts';
import { measureRender } from './render.ts';
import { FEED, ID_CARD, TAG_CLOUD } from './render/pages.ts';
import { reportRender } from './render/report.ts';
import { dist, gz, hasWidget, measureLanguagePages, measurePackageFiles, measurePage, measureShoelace, measureShoelaceTooltip, measureSizes } from './sizes.ts';
import { HOVER_CASES, measureHover } from './cards/hover.ts';
import { measureComments, ARTALK_DIR, WALINE_DIR } from './comments/render.ts';
import { reportCommentRender, reportCommentSizes } from './comments/report.ts';
import { measureCommentsHttp } from './comments/http.ts';
import { COMMENT_KINDS } from './comments/pages.ts';
import { readFileSync } from 'node:fs';
import { measureTokens } from './tokens.ts';
import { LANGUAGES } from '../src/core/languages.ts';
import { benchFeed } from './feeds/data.ts';
import { measureParse } from './feeds/parse.ts';

const SECTIONS = ['sizes', 'http', 'render', 'tokens', 'comments', 'tags', 'cards', 'feeds'];
const chosen = process.argv.slice(2);
for (const s of chosen) {
  if (!SECTIONS.includes(s)) {
    console.error(`unknown section ${JSON.stringify(s)}: choose from ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (section: string) => chosen.length === 0 || chosen.includes(section);

const failures: string[] = [];
const kb = (n: number) => `${(n / 1000).toFixed(2)} KB`;
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  return ok ? 'ok' : 'OVER BUDGET';
};

if (wanted('sizes')) {
  console.log('## Bundle sizes (gzip -9, bytes as downloaded)');
  const sizes = measureSizes();
  const [loader, core, page, later] = sizes as [(typeof sizes)[0], (typeof sizes)[0], (typeof sizes)[0], (typeof sizes)[0]];
  console.log(`loader dist/kith.js                 ${kb(loader.bytes).padStart(9)}   budget 2 KB: ${check(loader.bytes <= 2000, 'loader > 2 KB')}`);
  console.log(`core chunk                          ${kb(core.bytes).padStart(9)}`);
  console.log(`page with only <kith-rating>        ${kb(page.bytes).padStart(9)}   budget 20 KB: ${check(page.bytes <= 20_000, 'rating page > 20 KB')}`);
  console.log(`  files: ${page.files.join(', ')}`);
  console.log(`loaded on the first vote            ${kb(later.bytes).padStart(9)}   ${later.files.join(', ')} (the write path and ky; not on a page that only reads)`);
  console.log(`page after a vote                   ${kb(page.bytes + later.bytes).padStart(9)}`);
  console.log('rating page per language (the English page plus only that language\'s two catalog chunks):');
  for (const language of measureLanguagePages(LANGUAGES))
    console.log(
      `  ${language.name}                                ${kb(language.bytes).padStart(9)}   catalogs ${kb(language.catalogBytes)}` +
        (language.name == 'en' ? `   budget 20 KB: ${check(language.bytes <= 20_000, 'English rating page > 20 KB')}` : ''),
    );
  // The peer, measured now from the installed package with the same method.
  const { rating, theme } = measureShoelace();
  const sizeRow = (label: string, bytes: number, note: string) => console.log(`${label.padEnd(36)}${kb(bytes).padStart(9)}   ${note}`);
  sizeRow(`${rating.name} (${rating.files.length} files)`, rating.bytes, `${rating.files[0]} and its static imports`);
  console.log(`ratio Kith's rating page / Shoelace's sl-rating: ${(page.bytes / rating.bytes).toFixed(2)}`);
  sizeRow(theme.name, theme.bytes, `${theme.files[0]} (its pages load it too; not in the ratio)`);
}

if (wanted('http')) {
  console.log('\n## Rating summary GET vs a bare Fastify route (same run, 32 connections, median of 3 rounds)');
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-'));
  const legs: Array<[string, string]> = [['SQLite', `sqlite:${join(dir, 'bench.db')}`]];
  if (process.env.TEST_DATABASE_URL) legs.push(['PostgreSQL', process.env.TEST_DATABASE_URL]);
  for (const [name, url] of legs) {
    const kith = await startTarget(['kith', url]);
    const body = await (await fetch(kith.url)).text();
    const bare = await startTarget(['bare'], { BARE_BODY: body });
    const miss = kith.url.replace(/subject=[^&]*/, 'subject=bench%2F[<id>]');
    // The batch summary route (one request for many widgets), once the server has it: 50 demo subjects.
    const subjects = Array.from({ length: 50 }, (_, i) => `subject=${encodeURIComponent(`account/${1001 + i}`)}`);
    const batch = `${new URL(kith.url).origin}/v1/sites/demo/ratings/batch?${subjects.join('&')}`;
    const batchStatus = (await fetch(batch)).status;
    const targets: Record<string, string> = { bare: bare.url, summary: kith.url, miss };
    if (batchStatus === 200) targets.batch = batch;
    const r = await sideBySide(targets, seconds, 3);
    const ratio = r.summary!.rps / r.bare!.rps;
    const row = (label: string, x: (typeof r)[string]) =>
      `${label.padEnd(36)}${Math.round(x.rps).toString().padStart(7)} req/s   p50 ${x.p50} ms   p99 ${x.p99} ms   errors ${x.errors}   non-2xx ${x.non2xx}`;
    console.log(`### ${name}`);
    console.log(row('bare Fastify route (baseline)', r.bare!));
    console.log(row('GET …/ratings (one hot subject)', r.summary!));
    console.log(row('GET …/ratings (a new subject each)', r.miss!));
    if (r.batch) console.log(row('GET …/ratings/batch (50 subjects)', r.batch));
    else if (batchStatus === 404) console.log(`${'GET …/ratings/batch (50 subjects)'.padEnd(36)}skipped: batch route not available`);
    else {
      console.log(`${'GET …/ratings/batch (50 subjects)'.padEnd(36)}answered ${batchStatus}, not 200`);
      failures.push(`${name}: batch route answered ${batchStatus}`);
    }
    const budget = name === 'SQLite' ? `   budget ≥ 0.50 on SQLite: ${check(ratio >= 0.5, 'summary GET < half the bare route on SQLite')}` : '';
    console.log(`ratio summary / bare: ${ratio.toFixed(2)}${budget}   (every request a cache miss: ${(r.miss!.rps / r.bare!.rps).toFixed(2)})`);
    if (r.summary!.errors || r.summary!.non2xx || r.miss!.errors || r.miss!.non2xx) failures.push(`${name}: summary GET had errors`);
    if (r.batch && (r.batch.errors || r.batch.non2xx)) failures.push(`${name}: batch GET had errors`);
    await bare.close();
    await kith.close();
  }
  rmSync(dir, { recursive: true, force: true });
}

if (wanted('tokens')) {
  // Issue 7: what a guest-token minting script gets from one process, with the site's proof of work off and on.
  const seconds = Number(process.env.BENCH_SECONDS ?? 4) * 2;
  console.log(`\n## Visitor tokens minted per minute by one process (${seconds} s each, SQLite, per-IP write limit lifted)`);
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-tokens-'));
  for (const r of await measureTokens(`sqlite:${join(dir, 'tokens.db')}`, seconds)) {
    const solve = r.solveMs !== undefined ? `   median solve ${r.solveMs.toFixed(0)} ms` : '';
    console.log(`${r.label.padEnd(44)}${Math.round(r.perMinute).toString().padStart(8)} tokens/min   (${r.tokens} in ${r.seconds.toFixed(1)} s, errors ${r.errors})${solve}`);
    if (r.errors) failures.push(`tokens: ${r.label} had ${r.errors} errors`);
  }
  console.log('Either way one network lands at most guestVotesPerNetworkPerDay (default 10) guest votes per subject per day;');
  console.log('without lifting it, RATE_LIMIT_WRITES_PER_IP (300/min) also caps minting from one IP.');
  rmSync(dir, { recursive: true, force: true });
}

if (wanted('render')) {
  // Nine fresh contexts per n (BENCH_RUNS to change): with five, the median of 200 warm widgets moved by
  // ±15 % between runs of the same build, for Kith and Shoelace alike (issue 6's closing note).
  const runs = Number(process.env.BENCH_RUNS ?? 9);
  console.log(`\n## Render time in Chromium, navigation start → done, beside Shoelace's sl-rating and plain text (same run)`);
  console.log('Done: Kith, every widget shows server data (:state(loaded)); Shoelace, sl-rating defined and rendered; text, first frame after load.');
  console.log('Cold: a fresh browser context; warm: a reload in it. Bytes: response bodies as transferred (compressed), the document not counted.');
  const onTable = (table: Parameters<typeof reportRender>[0]) => {
    const { lines, failures: missed } = reportRender(table, runs);
    console.log(`\n${lines.join('\n')}`);
    failures.push(...missed);
  };
  await measureRender({ runs, onTable });
  // Issue 9: the compact tag cloud (the table row variant) beside Shoelace's sl-tag, the same way.
  console.log(`\n## Render time in Chromium, navigation start → done: <kith-tag-cloud variant="compact"> beside Shoelace's sl-tag and plain text (same run)`);
  console.log('Done: Kith, every tag cloud shows server data (:state(loaded)); Shoelace, sl-tag defined and rendered (the first tag\'s text); text, first frame after load.');
  if (hasWidget('tag-cloud')) await measureRender({ widget: TAG_CLOUD, runs, onTable });
  else console.log('not measured: the build has no tag cloud yet (dist/widgets/tag-cloud/tag-cloud.component.js is missing; not counted as a failure)');
  // Issue 10: a list of names, each in <kith-id-card>, beside the same names each in Shoelace's sl-tooltip.
  console.log(`\n## Render time in Chromium, navigation start → done: names in <kith-id-card> beside names in Shoelace's sl-tooltip and plain links (same run)`);
  console.log('Done: Kith, every card defined and rendered (it reads nothing until reached for); Shoelace, sl-tooltip defined and rendered; text, first frame after load.');
  if (hasWidget('id-card')) await measureRender({ widget: ID_CARD, runs, onTable });
  else console.log('not measured: the build has no ID card yet (not counted as a failure)');
  // Issue 11: a CRM column of each record's latest activity in a compact <kith-feed>, beside lines with Shoelace's sl-relative-time.
  console.log(`\n## Render time in Chromium, navigation start → done: <kith-feed layout="compact" limit="1"> (each record's latest activity) beside lines with Shoelace's sl-relative-time and plain text (same run)`);
  console.log('Done: Kith, every feed shows server data (:state(loaded)); Shoelace, sl-relative-time defined and rendered; text, first frame after load.');
  if (hasWidget('feed')) await measureRender({ widget: FEED, runs, onTable });
  else console.log('not measured: the build has no feed yet (not counted as a failure)');
}

if (wanted('comments')) {
  // Issue 8: <kith-comments> beside Waline's and Artalk's clients (npm packages, served offline by the CDN
  // stand-in) and a bare page that sets one innerHTML, with the same discussion for all.
  const version = (dir: string) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).version as string;
  const waline = `Waline ${version(WALINE_DIR)}`;
  const artalk = `Artalk ${version(ARTALK_DIR)}`;
  const built = hasWidget('comments');
  console.log(`\n## Comments (issue 8): <kith-comments> beside ${waline}, ${artalk} and a bare innerHTML page (same run)`);
  console.log('### JavaScript a page loads to show comments (gzip -9; stylesheets apart)');
  const sizes = reportCommentSizes(built ? measurePage('comments') : undefined, [
    { row: measurePackageFiles(waline, WALINE_DIR, ['dist/waline.js']), note: `(+ ${(measurePackageFiles('', WALINE_DIR, ['dist/waline.css']).bytes / 1000).toFixed(2)} KB dist/waline.css)` },
    { row: measurePackageFiles(artalk, ARTALK_DIR, ['dist/Artalk.js']), note: `(+ ${(measurePackageFiles('', ARTALK_DIR, ['dist/Artalk.css']).bytes / 1000).toFixed(2)} KB dist/Artalk.css)` },
  ]);
  console.log(sizes.lines.join('\n'));
  failures.push(...sizes.failures);

  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const idleRuns = Math.min(runs, Number(process.env.BENCH_IDLE_RUNS ?? 3));
  const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 3);
  // BENCH_COMMENT_KINDS=kith,bare: only those pages (while working on one); the default is all four.
  const only = process.env.BENCH_COMMENT_KINDS?.split(',');
  const kinds = COMMENT_KINDS.filter((k) => (built || k !== 'kith') && (!only || only.includes(k)));
  console.log(`\n### Render in Chromium: the same discussion from a local API server in each one's shape; Waline's and Artalk's builds from a local CDN stand-in`);
  if (!built) console.log('Kith: not measured, the build has no comments widget yet');
  await measureComments({
    runs,
    idleRuns,
    idleSeconds,
    kinds,
    onTable(result) {
      const { lines, failures: missed } = reportCommentRender(result, runs, idleRuns, idleSeconds);
      console.log(`\n${lines.join('\n')}`);
      failures.push(...missed);
      // The size figure checked against the browser: the scripts Kith's page had loaded when its first page showed.
      const kith = result.kinds.find((k) => k.kind === 'kith');
      if (kith && result.discussion.key === 'first') {
        const loaded = [...new Set(kith.scripts.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/dist/')).map((p) => p.slice('/dist/'.length)))];
        const bytes = loaded.reduce((sum, f) => sum + gz(join(dist, f)), 0);
        const expected = measurePage('comments').files;
        const extra = loaded.filter((f) => !expected.includes(f));
        console.log(`Kith's page had loaded ${loaded.length} scripts when its first page showed, ${(bytes / 1000).toFixed(2)} KB gzip -9: ${loaded.join(', ')}` +
          (extra.length ? `   NOT in the size figure: ${extra.join(', ')}` : '   (the files of the size figure)'));
        if (extra.length) failures.push(`comments page loads ${extra.join(', ')} before it shows, outside the size figure`);
      }
    },
  });
  if (!built) failures.push('comments render: no Kith comments widget to measure');

  const http = await measureCommentsHttp(Number(process.env.BENCH_SECONDS ?? 4));
  console.log(`\n${http.lines.join('\n')}`);
  failures.push(...http.failures);
}

if (wanted('tags')) {
  console.log(`\n## Tags (issue 9): <kith-tag-cloud>'s page size, and the tag reads on 1,000,000 vs 1,000 taggings`);
  console.log('### JavaScript a page loads to show a tag cloud (gzip -9)');
  const label = 'page with only <kith-tag-cloud>'.padEnd(36);
  if (hasWidget('tag-cloud')) {
    const page = measurePage('tag-cloud');
    console.log(`${label}${kb(page.bytes).padStart(9)}   budget 20 KB: ${check(page.bytes <= 20_000, 'tag cloud page > 20 KB')}`);
    console.log(`  files: ${page.files.join(', ')}`);
  } else console.log(`${label}${'-'.padStart(9)}   not built yet: dist/widgets/tag-cloud/tag-cloud.component.js is missing (not counted as a failure)`);
  console.log('\n### Tag reads: the real routes (app.inject, no If-None-Match, memos expired) and their SQL alone');
  // Loaded here: it builds the whole app, so a tags route in the middle of a change cannot stop the other sections.
  const { measureTagQueries } = await import('./tags/measure.ts');
  const queries = await measureTagQueries();
  console.log(queries.lines.join('\n'));
  failures.push(...queries.failures);
}

if (wanted('cards')) {
  console.log(`\n## ID cards (issue 10): the page's size beside Shoelace's sl-tooltip, and hover to painted card`);
  console.log('### JavaScript a page loads to show ID cards (gzip -9)');
  const page = measurePage('id-card');
  // The card's template and look, and Floating UI with core/placement.ts: asked for together on the first reach.
  const firstReach = readdirSync(join(dist, 'chunks')).filter((f) => /^(placement|id-card\.card)-.*\.js$/.test(f)).map((f) => join(dist, 'chunks', f));
  const firstReachBytes = firstReach.reduce((sum, f) => sum + gz(f), 0);
  const tooltip = measureShoelaceTooltip();
  console.log(`page with only <kith-id-card>       ${kb(page.bytes).padStart(9)}   budget 20 KB: ${check(page.bytes <= 20_000, 'ID card page > 20 KB')}`);
  console.log(`  files: ${page.files.join(', ')}`);
  console.log(`loaded when the first card opens    ${kb(firstReachBytes).padStart(9)}   ${firstReach.map((f) => relative(dist, f)).join(', ')} (the card itself; Floating UI and core/placement.ts)`);
  console.log(`page after the first card opened    ${kb(page.bytes + firstReachBytes).padStart(9)}`);
  console.log(`${`${tooltip.name} (${tooltip.files.length} files)`.padEnd(36)}${kb(tooltip.bytes).padStart(9)}   ${tooltip.files[0]} and its static imports (Floating UI among them)`);
  console.log(`ratio Kith's card page / sl-tooltip: ${(page.bytes / tooltip.bytes).toFixed(2)} on load, ${((page.bytes + firstReachBytes) / tooltip.bytes).toFixed(2)} after the first card opened`);
  const runs = Number(process.env.BENCH_RUNS ?? 9);
  console.log(`\n### Hover to painted card, beside sl-tooltip (median of ${runs} fresh contexts; both hover delays 0, so only the work after the intent counts)`);
  const hover = await measureHover(runs);
  const row = (kind: string, name: string) => hover.rows.find((r) => r.kind == kind && r.case == name)!;
  const CASES: Record<string, string> = {
    first: 'first card on the page (its code and data fetched)',
    another: 'another card (its data fetched)',
    again: 'the first card again (the page\'s cache)',
  };
  console.log('case                                                   Kith      sl-tooltip   ratio');
  for (const name of HOVER_CASES) {
    const kith = row('kith', name);
    const shoelace = row('shoelace', name);
    console.log(`${CASES[name]!.padEnd(52)}${`${kith.ms.toFixed(1)} ms`.padStart(10)}${`${shoelace.ms.toFixed(1)} ms`.padStart(13)}${(kith.ms / shoelace.ms).toFixed(2).padStart(8)}`);
  }
  // The issue's complaint was a card that took about 3 s; 100 ms is the limit for a response to feel instant.
  const first = row('kith', 'first').ms;
  console.log(`budget: the first card painted within 100 ms of the intent: ${first.toFixed(1)} ms ${check(first <= 100, 'first ID card > 100 ms after intent')}`);
  console.log(`with the default 500ms delay, the first card is painted ${hover.withDelay.ms.toFixed(1)} ms after the delay (its data and code are asked for halfway through it)`);
  console.log(`card requests of the last round's Kith page: ${hover.cardRequests.join(' ') || 'none'} (one per card reached, none on load)`);
  console.log('(sl-tooltip shows text that is already in the page: it fetches nothing, so the first two cases are not like for like; "again" is)');
}

if (wanted('feeds')) {
  // Issue 11: <kith-feed>'s page, the proxy's parse of a big feed beside feedsmith's, and a cached read's throughput.
  console.log('\n## Feeds (issue 11)');
  if (hasWidget('feed')) {
    const page = measurePage('feed');
    console.log(`page with only <kith-feed>          ${kb(page.bytes).padStart(9)}   budget 20 KB: ${check(page.bytes <= 20_000, 'feed page > 20 KB')}`);
    console.log(`  files: ${page.files.join(', ')}`);
    const chunk = (name: string) => readdirSync(join(dist, 'chunks')).find((f) => f.startsWith(name + '-') && f.endsWith('.js'));
    for (const [name, when] of [['feed.messages', 'the first time a feed fails, is stale or is not set up'], ['feed.activity', "with an activity feed's data (Kith's own feeds)"]] as const) {
      const file = chunk(name);
      if (file) console.log(`  + ${name.padEnd(31)}${kb(gz(join(dist, 'chunks', file))).padStart(9)}   loaded ${when}`);
    }
  } else console.log('page with only <kith-feed>: not measured, the build has no feed widget (dist/widgets/feed/feed.component.js)');

  const feed = benchFeed();
  const parse = measureParse(feed, Number(process.env.BENCH_PARSE_ROUNDS ?? 15));
  console.log(`\n### Parsing a ${(parse.bytes / 1e6).toFixed(2)} MB RSS feed (${parse.items} items with HTML; median of ${process.env.BENCH_PARSE_ROUNDS ?? 15}, alternating, this process)`);
  const ms = (label: string, value: number, note = '') => console.log(`${label.padEnd(52)}${value.toFixed(1).padStart(8)} ms${note}`);
  ms('feedsmith parseFeed alone (baseline)', parse.feedsmithMs);
  ms('Kith proxy, as it answers (first 100 items)', parse.proxyMs, `   ratio ${(parse.proxyMs / parse.feedsmithMs).toFixed(2)}`);
  ms(`Kith proxy, every item (${parse.items})`, parse.proxyAllMs, `   ratio ${(parse.proxyAllMs / parse.feedsmithMs).toFixed(2)}`);
  console.log('The proxy also decodes the bytes, reads the dates, resolves links and makes each item\'s HTML the safe tree (parse5).');

  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  console.log(`\n### A cached feed's read (GET …/feeds?url=, a 50 KB RSS feed held by the proxy) vs a bare Fastify route with the same JSON (same run, 32 connections, median of 3 rounds)`);
  const dir = mkdtempSync(join(tmpdir(), 'kith-bench-feeds-'));
  const kith = await startTarget(['kith-feeds', `sqlite:${join(dir, 'feeds.db')}`]);
  const body = await (await fetch(kith.url)).text();
  const bare = await startTarget(['bare'], { BARE_BODY: body });
  const r = await sideBySide({ bare: bare.url, feed: kith.url }, seconds, 3);
  const row = (label: string, x: (typeof r)[string]) =>
    `${label.padEnd(44)}${Math.round(x.rps).toString().padStart(7)} req/s   p50 ${x.p50} ms   p99 ${x.p99} ms   errors ${x.errors}   non-2xx ${x.non2xx}`;
  console.log(`response: ${(Buffer.byteLength(body) / 1000).toFixed(1)} KB of JSON`);
  console.log(row('bare Fastify route (baseline)', r.bare!));
  console.log(row('GET …/feeds?url= (cached)', r.feed!));
  console.log(`ratio cached feed read / bare: ${(r.feed!.rps / r.bare!.rps).toFixed(2)}   (the proxy sends the JSON it made when the copy came; the bare route serializes its object per request)`);
  if (r.feed!.errors || r.feed!.non2xx) failures.push('feeds: cached feed read had errors');
  await bare.close();
  await kith.close();
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.log(`\nFAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nAll budgets met.');
