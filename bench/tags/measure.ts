// Tags query scaling (issue 9): two generated sites in one store, 1,000,000 taggings (100,000 subjects,
// 10,000 tags) and 1,000 taggings (100 subjects, the same vocabulary), and the median time of each read on
// both, through the real app (buildApp, app.inject: routing, validation, the service, serialization) and as
// the bare SQL. "The ratio shows whether it scales": near 1, the read costs the same however big the site.
//
// Caches: no If-None-Match is sent (no 304s), and before every timed request the process's clock moves on
// five minutes (back again after each read), so an in-process memo (TtlCache) of the route has expired
// (trending keeps its answer a minute, TRENDING_MEMO_MS: the figure is the computation a miss pays); an
// untimed request first loads the site row again, so the timed one pays the tags read, not the site lookup.
// SQLite's file is kept under the temp dir, keyed by this file's data version and the migrations' text,
// and reused (BENCH_TAGS_REBUILD=1 rebuilds it); PostgreSQL (TEST_DATABASE_URL) gets a schema of its own,
// loaded each run and dropped at the end.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createDb, dropSchema, type Store } from '../../server/src/db/index.ts';
import { createSite } from '../../server/src/services/sites.ts';
import { generateSite, LARGE_SITE, loadPostgres, loadSqlite, siteRows, SMALL_SITE, type GeneratedSite, type Rows, type SiteShape } from './data.ts';
import { sampleSubjects, TAG_READS, type SiteSample, type TagRead } from './queries.ts';

/** Bump when the generated data changes shape; the migrations' text is part of the cache key too. */
const DATA_VERSION = 'tags-data-1';
const CACHE_PREFIX = 'kith-bench-tags-';
/** A large/small ratio above this is reported as a finding (the issue sets no latency budget, only the ratio). */
export const RATIO_FINDING = 3;
const REQUESTS = Number(process.env.BENCH_TAGS_REQUESTS ?? 200);
const WARM_UP = 20;
/** A read slower than this in total stops early (after at least MIN_REQUESTS), so a slow one cannot hold
 * the bench for minutes; the table says how many requests its median is of. */
const TIME_CAP_MS = 10_000;
const MIN_REQUESTS = 20;
const SITES: Array<{ id: string; shape: SiteShape }> = [
  { id: 'bench-tags-large', shape: LARGE_SITE },
  { id: 'bench-tags-small', shape: SMALL_SITE },
];
const ROUTE_FILES = ['tags.ts', 'tag-pages.ts'].map((f) => resolve(import.meta.dirname, '../../server/src/routes/v1/sites', f));

export interface Report {
  lines: string[];
  failures: string[];
  findings: string[];
}

const n = (x: number) => x.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureTagQueries(): Promise<Report> {
  const report: Report = { lines: [], failures: [], findings: [] };
  const legs: Array<[string, () => Promise<Leg>]> = [['SQLite', sqliteLeg]];
  if (process.env.TEST_DATABASE_URL) legs.push(['PostgreSQL', () => postgresLeg(process.env.TEST_DATABASE_URL!)]);
  for (const [name, open] of legs) {
    let leg: Leg | undefined;
    try {
      leg = await open();
      report.lines.push(`### ${name}: ${leg.dataNote}`);
      await timeReads(name, leg, report);
    } catch (error) {
      report.lines.push(`### ${name}: failed: ${(error as Error).message.split('\n')[0]}`);
      report.failures.push(`tags ${name}: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await leg?.close();
    }
  }
  return report;
}

interface Leg {
  store: Store;
  samples: SiteSample[];
  dataNote: string;
  close(): Promise<void>;
}

/** Both sites' rows, generated, with what the samples need. */
function generate(): { rows: Rows[]; samples: SiteSample[]; generated: GeneratedSite[]; ms: number } {
  const started = performance.now();
  const generated = SITES.map((s) => generateSite(s.shape));
  const rows = SITES.flatMap((s, i) => siteRows(s.id, generated[i]!));
  return { rows, generated, samples: samplesOf(rows, generated), ms: performance.now() - started };
}

function samplesOf(rows: Rows[], generated: GeneratedSite[]): SiteSample[] {
  return SITES.map((s, i) => {
    const tags = rowsOf(rows, 'tags', s.id);
    const popularKeys = tags.sort((a, b) => Number(b[5]) - Number(a[5]) || String(a[1]).localeCompare(String(b[1]))).slice(0, 10).map((row) => String(row[1]));
    return { siteId: s.id, popularKeys, subjects: sampleSubjects(generated[i]!.subjects) };
  });
}

/** One site's rows of one table (siteRows gives each site its own five tables). */
const rowsOf = (rows: Rows[], table: Rows['table'], siteId: string) => rows.filter((r) => r.table === table).flatMap((r) => r.values.filter((row) => row[0] === siteId));

const describe = (rows: Rows[]) =>
  SITES.map((s) => {
    const count = (table: Rows['table']) => rowsOf(rows, table, s.id).length;
    return `${n(s.shape.subjects)} subjects, ${n(count('tags'))} tags used, ${n(count('taggings'))} taggings`;
  }).join(' vs ');

async function createSites(store: Store) {
  for (const s of SITES) await createSite(store.db, { id: s.id, name: `Tags bench (${n(s.shape.taggings)} taggings)` });
}

async function sqliteLeg(): Promise<Leg> {
  const migrations = readFileSync(resolve(import.meta.dirname, '../../server/src/db/migrations.ts'));
  const key = createHash('sha256').update(DATA_VERSION).update(migrations).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `${CACHE_PREFIX}${key}`);
  const file = join(dir, 'tags.db');
  const done = join(dir, 'complete');
  const { rows, samples, ms } = generate();
  let note = `generated in ${seconds(ms)}`;
  if (!existsSync(done) || process.env.BENCH_TAGS_REBUILD) {
    // Half a gigabyte each: files of earlier data versions or migrations go.
    for (const old of readdirSync(tmpdir()).filter((name) => name.startsWith(CACHE_PREFIX))) rmSync(join(tmpdir(), old), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const schema = await createDb(`sqlite:${file}`);
    await createSites(schema);
    await schema.close();
    loadSqlite(file, rows);
    writeFileSync(done, `${DATA_VERSION}\n`);
    note += `, loaded in ${seconds(performance.now() - started)} into ${file}`;
  } else note += `, loaded earlier (reused ${file})`;
  const store = await createDb(`sqlite:${file}`);
  return { store, samples, dataNote: `${describe(rows)}; ${note}`, close: () => store.close() };
}

async function postgresLeg(url: string): Promise<Leg> {
  const schema = `kith_bench_tags_${process.pid}`;
  const { rows, samples, ms } = generate();
  const store = await createDb(url, { schema });
  const close = async () => {
    await store.close();
    await dropSchema(url, schema);
  };
  try {
    const started = performance.now();
    await createSites(store);
    await loadPostgres(store.db, rows);
    return { store, samples, dataNote: `${describe(rows)}; generated in ${seconds(ms)}, loaded in ${seconds(performance.now() - started)} (schema ${schema}, dropped after)`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function timeReads(name: string, leg: Leg, report: Report) {
  const config = loadConfig({ DATABASE_URL: leg.store.url ?? 'sqlite::memory:', LOG_LEVEL: 'silent' });
  const app = await buildApp(config, { store: leg.store });
  const realNow = Date.now;
  let skew = 0;
  Date.now = () => realNow() + skew;
  const expireMemos = () => void (skew += 5 * 60_000);
  try {
    const routesExist = ROUTE_FILES.every(existsSync);
    const findingsBefore = report.findings.length;
    const [large, small] = leg.samples as [SiteSample, SiteSample];
    const W = [36, 16, 16, 9, 11, 11, 8];
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(W[i]!) : c.padStart(W[i]!))).join('');
    report.lines.push(
      `median of ${REQUESTS} requests each, one at a time (fewer, in brackets, when a read takes more than ${TIME_CAP_MS / 1000} s); ratio = ${n(LARGE_SITE.taggings)} taggings / ${n(SMALL_SITE.taggings)}`,
    );
    report.lines.push(line(['', 'route 1M', 'route 1k', 'ratio', 'SQL 1M', 'SQL 1k', 'ratio']) + '   route');
    for (const read of TAG_READS) {
      const status = routesExist ? (await app.inject({ method: 'GET', url: read.url(large, 0) })).statusCode : 0;
      const route = status === 200 ? await timeRoute(app, read.url, [large, small], expireMemos) : undefined;
      skew = 0;
      const bare = read.query ? await timeSql(leg.store, read.query, [large, small]) : undefined;
      const ms = (x: Timing) => `${x.medianMs.toFixed(2)} ms${x.requests < REQUESTS ? ` (${x.requests})` : ''}`;
      const ratio = (pair: readonly Timing[]) => pair[0]!.medianMs / pair[1]!.medianMs;
      const path = read.url(large, 0).replace(`/v1/sites/${large.siteId}/`, 'GET …/');
      const routeNote = route ? path : status === 0 ? 'no tags routes yet: SQL only' : `${path} answered ${status}${bare ? ': SQL only' : ''}`;
      const cells = (pair: readonly Timing[] | undefined) => (pair ? [ms(pair[0]!), ms(pair[1]!), ratio(pair).toFixed(2)] : ['-', '-', '-']);
      report.lines.push(line([read.label, ...cells(route), ...cells(bare)]) + `   ${routeNote}`);
      const measured = route ?? bare;
      if (measured && ratio(measured) > RATIO_FINDING)
        report.findings.push(`${name}: ${read.label} ${ratio(measured).toFixed(1)}× (${route ? 'route' : 'SQL'})`);
      if (status !== 200 && status !== 0) report.failures.push(`tags ${name}: ${path} answered ${status}`);
    }
    const found = report.findings.slice(findingsBefore);
    report.lines.push(
      `scaling, ratio ≤ ${RATIO_FINDING} (the issue sets no latency budget; a higher ratio is reported, not failed): ` +
        (found.length ? `FINDING, ${found.length} above: ${found.join('; ')}` : 'ok'),
    );
  } finally {
    Date.now = realNow;
    await app.close();
  }
}

interface Timing {
  medianMs: number;
  requests: number;
}

/** Times `once(site, i)` on both sites, alternating request by request so that machine noise hits both:
 * WARM_UP untimed and REQUESTS timed rounds (fewer when past TIME_CAP_MS); `prepare(site)` runs untimed
 * before each. */
async function timeRounds(
  sites: readonly SiteSample[],
  once: (site: SiteSample, i: number) => Promise<void>,
  prepare: (site: SiteSample) => Promise<void> = async () => {},
): Promise<Timing[]> {
  const times: number[][] = sites.map(() => []);
  const started = performance.now();
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    for (const [s, site] of sites.entries()) {
      await prepare(site);
      const before = performance.now();
      await once(site, i);
      if (i >= WARM_UP) times[s]!.push(performance.now() - before);
    }
    if (i < WARM_UP && performance.now() - started > TIME_CAP_MS / 10) i = WARM_UP - 1; // a slow read needs little warming
    if (times[0]!.length >= MIN_REQUESTS && performance.now() - started > TIME_CAP_MS) break;
  }
  return times.map((xs) => ({ medianMs: median(xs), requests: xs.length }));
}

/** GETs of the route, each after the clock has moved past any memo and the site row is loaded again. */
function timeRoute(app: FastifyInstance, url: TagRead['url'], sites: readonly SiteSample[], expireMemos: () => void): Promise<Timing[]> {
  return timeRounds(
    sites,
    async (site, i) => {
      const answer = await app.inject({ method: 'GET', url: url(site, i) });
      if (answer.statusCode !== 200) throw new Error(`GET ${url(site, i)} answered ${answer.statusCode}: ${answer.body.slice(0, 200)}`);
    },
    async (site) => {
      expireMemos();
      await app.inject({ method: 'GET', url: `/v1/sites/${site.siteId}` }); // 401 without a key, but loads the site row
    },
  );
}

function timeSql(store: Store, query: NonNullable<TagRead['query']>, sites: readonly SiteSample[]): Promise<Timing[]> {
  return timeRounds(sites, async (site, i) => void (await query(site, i).execute(store.db)));
}
