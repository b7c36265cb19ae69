// The live stream (`GET …/live?subjects=…`, Server-Sent Events): one EventSource per page and site prefix,
// shared by every widget. Its URL carries the union of the subscribed subjects, sorted, so one page always
// makes the same URL. Subscriptions made or dropped within GATHER_MS of each other change the stream once (200
// widgets mounting open one stream, not 200; a thread and the counts beside it, whose live code arrives a few
// tasks apart, share one). The page's first stream resumes from the live position its widgets' reads answered
// with (readPosition), and a stream reopened because its subjects changed resumes after the last event or `position`
// the server sent (`lastEventId`): nothing published in between is lost. A stream stays open while the page
// is hidden: it costs a heartbeat every 25 s, and the page is up to date when it is shown again.
import { subjectQueries } from './batch.js';
import { LIVE_POSITION_METRIC, LIVE_TYPES, type LiveType } from './live-protocol.js';

export interface LiveMessage {
  id: string;
  type: LiveType;
  data: any;
}

type Listener = (message: LiveMessage) => void;

interface Connection {
  listeners: Map<string, Set<Listener>>;
  /** Open streams by URL: one, unless the subjects exceed one request's limits (200, or a long URL). */
  sources: Map<string, EventSource>;
  lastId: string;
  queued?: boolean;
}

/** After the server refused a stream (an HTTP error, which EventSource does not retry), try again this late. */
const REOPEN_MS = 3e4;

/** How long a change of subscriptions waits for others before the stream follows (the widgets of one page
 * subscribe after their first paint, each when its own chunks have come: a few tasks apart). */
const GATHER_MS = 100;

const connections = new Map<string, Connection>();

/** Reads older than this are not resumed from: the server keeps events for 15 minutes (a resume from before that is
 * answered `reset`, which makes every widget read again). */
const RESUME_WITHIN_MS = 6e5;

/**
 * Where the page's first stream resumes: the oldest live position among the reads of this site the page made in
 * the last ten minutes (each answer says, in its Server-Timing entry LIVE_POSITION_METRIC, which events its data
 * already has). What was published after them is replayed first, then what happens live, so an event between a
 * widget's read and this stream is not lost. '' when the page has no such read (the resource timing buffer was full, or
 * the answers came from a cache that kept no timing): the stream then starts from now.
 */
const readPosition = (prefix: string): string => {
  let oldest = Infinity;
  for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    if (entry.name.startsWith(prefix) && performance.now() - entry.responseEnd < RESUME_WITHIN_MS)
      for (const metric of entry.serverTiming ?? []) if (metric.name == LIVE_POSITION_METRIC && /^\d+$/.test(metric.description)) oldest = Math.min(oldest, +metric.description);
  return oldest < Infinity ? String(oldest) : '';
};

/** Opens, keeps or closes the prefix's streams to match its subscriptions. */
const reconcile = (prefix: string, connection: Connection) => {
  connection.queued = false;
  connection.lastId ||= readPosition(prefix);
  const urls = subjectQueries([...connection.listeners.keys()]).map(
    (subjects) => prefix + 'live?' + subjects.map((subject) => 'subjects=' + encodeURIComponent(subject)).join('&'),
  );
  for (const [url, source] of connection.sources) if (!urls.includes(url)) source.close(), connection.sources.delete(url);
  if (!urls.length && connections.get(prefix) == connection) connections.delete(prefix);
  for (const url of urls) {
    if (connection.sources.has(url)) continue;
    const source = new EventSource(connection.lastId ? url + '&lastEventId=' + connection.lastId : url);
    connection.sources.set(url, source);
    for (const type of LIVE_TYPES)
      source.addEventListener(type, (event) => {
        const { lastEventId: id, data } = event as MessageEvent<string>;
        if (id) connection.lastId = id;
        const message: LiveMessage = { id, type, data: JSON.parse(data) };
        const listeners = type == 'reset' ? [...connection.listeners.values()] : [connection.listeners.get(message.data.subject) ?? []];
        for (const set of listeners) for (const listener of [...set]) listener(message);
      });
    source.onerror = () =>
      source.readyState == 2 &&
      setTimeout(() => connection.sources.get(url) == source && (connection.sources.delete(url), reconcile(prefix, connection)), REOPEN_MS);
  }
};

const queue = (prefix: string, connection: Connection) => {
  if (!connection.queued) (connection.queued = true), setTimeout(() => reconcile(prefix, connection), GATHER_MS);
};

/** One EventSource per page (per site and API base), shared by all widgets; subjects are the union of all
 * subscriptions. Returns the unsubscribe. */
export function subscribeLive(prefix: string, subject: string, onMessage: Listener): () => void {
  let connection = connections.get(prefix);
  if (!connection) connections.set(prefix, (connection = { listeners: new Map(), sources: new Map(), lastId: '' }));
  const { listeners } = connection;
  let set = listeners.get(subject);
  if (!set) listeners.set(subject, (set = new Set()));
  set.add(onMessage);
  queue(prefix, connection);
  return () => {
    if (!set.delete(onMessage)) return;
    if (!set.size && listeners.get(subject) == set) listeners.delete(subject);
    queue(prefix, connection);
  };
}
