// The live bus on the store: every event is a live_events row first (its id orders it across instances),
// then it reaches this instance's listeners at once. With PostgreSQL, other instances hear of it through
// LISTEN/NOTIFY (live/pg-listener.ts); SQLite is one process, so in-process delivery is all there is.
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../db/index.ts';
import { ACTIVITY_SUBJECT } from '../../../src/core/feed-document.ts';
import { ACTIVITY_TYPES, type LiveBus, type LiveEvent, type LiveEventType } from './bus.ts';

export const LIVE_RETENTION_MS_DEFAULT = 15 * 60 * 1000;
/** How often publish also deletes the events older than the retention window. */
const PRUNE_EVERY_MS = 60 * 1000;
/** A resume that would replay more than this is answered 'too-old' (the client refetches instead). */
export const MAX_BACKLOG = 1000;
/** Ids already handed to listeners, remembered so an event heard twice (publish here, then NOTIFY) is
 * delivered once. */
const REMEMBERED_IDS = 10_000;

export interface StoreBusOptions {
  retentionMs?: number;
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  /** Tests: the clock. */
  now?: () => number;
}

interface Row {
  id: number | string;
  site_id: string;
  subject: string;
  type: string;
  data: string;
  created_at: string;
}

export function toEvent(row: Row): LiveEvent {
  return {
    id: Number(row.id),
    siteId: row.site_id,
    subject: row.subject,
    type: row.type as LiveEventType,
    data: JSON.parse(row.data),
    createdAt: row.created_at,
  };
}

export class StoreBus implements LiveBus {
  readonly store: Store;
  readonly retentionMs: number;
  protected readonly log: Pick<FastifyBaseLogger, 'warn' | 'error'> | undefined;
  protected readonly now: () => number;
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  protected readonly delivered = new Set<number>();
  /** The highest id handed to listeners (the PostgreSQL listener catches up from it after a reconnect). */
  lastId = 0;
  private prunedAt = 0;
  /** The newest id in the table when first asked (events of an earlier run, or of other instances). */
  private newestAtStart?: Promise<number>;
  protected closed = false;

  constructor(store: Store, options: StoreBusOptions = {}) {
    this.store = store;
    this.retentionMs = options.retentionMs ?? LIVE_RETENTION_MS_DEFAULT;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }

  async publish(siteId: string, subject: string, type: LiveEventType, data: unknown): Promise<void> {
    if (this.closed) return;
    if (!(await this.record(siteId, subject, type, data))) return;
    // The site's activity channel hears of every comment, rating and tag (see ACTIVITY_SUBJECT).
    if (ACTIVITY_TYPES.has(type) && subject !== ACTIVITY_SUBJECT) await this.record(siteId, ACTIVITY_SUBJECT, 'activity', { subject: ACTIVITY_SUBJECT, of: subject, type });
  }

  /** Stores one event and tells the listeners; false (logged) when that failed. */
  private async record(siteId: string, subject: string, type: LiveEventType, data: unknown): Promise<boolean> {
    try {
      const row = await this.store.db
        .insertInto('live_events')
        .values({ site_id: siteId, subject, type, data: JSON.stringify(data ?? {}), created_at: new Date(this.now()).toISOString() })
        .returning(['id', 'site_id', 'subject', 'type', 'data', 'created_at'])
        .executeTakeFirstOrThrow();
      this.deliver(toEvent(row));
      await this.announce(Number(row.id));
      await this.maybePrune();
      return true;
    } catch (error) {
      this.log?.error({ err: error, siteId, subject, type }, 'live: publish failed (the write stands)');
      return false;
    }
  }

  async position(): Promise<number> {
    this.newestAtStart ??= this.store.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirst()
      .then((row) => (row?.last == null ? 0 : Number(row.last)));
    try {
      return Math.max(await this.newestAtStart, this.lastId);
    } catch (error) {
      // Asked again next time.
      this.newestAtStart = undefined;
      throw error;
    }
  }

  /** Tells the other instances (PostgreSQL: NOTIFY); nothing to do in one process. */
  protected async announce(_id: number): Promise<void> {}

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Hands an event to every listener once, whichever way it arrived. */
  deliver(event: LiveEvent): void {
    if (this.delivered.has(event.id)) return;
    this.delivered.add(event.id);
    if (this.delivered.size > REMEMBERED_IDS) {
      // Sets iterate in insertion order: forget the oldest.
      for (const id of this.delivered) {
        this.delivered.delete(id);
        if (this.delivered.size <= REMEMBERED_IDS / 2) break;
      }
    }
    if (event.id > this.lastId) this.lastId = event.id;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log?.error({ err: error }, 'live: a listener failed');
      }
    }
  }

  async since(siteId: string, subjects: readonly string[], afterId: number): Promise<LiveEvent[] | 'too-old'> {
    const bounds = await this.store.db
      .selectFrom('live_events')
      .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
      .executeTakeFirst();
    const first = bounds?.first == null ? null : Number(bounds.first);
    const last = bounds?.last == null ? null : Number(bounds.last);
    // The newest row is never pruned, so an empty table means no event was ever published: nothing missed,
    // unless the client names an id this database never gave (another database, restored from backup).
    if (first === null || last === null) return afterId > 0 ? 'too-old' : [];
    if (afterId > last) return 'too-old';
    // Events between afterId and the oldest kept one may have been pruned.
    if (afterId < first - 1) return 'too-old';
    if (subjects.length === 0) return [];
    const rows = await this.store.db
      .selectFrom('live_events')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('subject', 'in', [...subjects])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(MAX_BACKLOG + 1)
      .execute();
    if (rows.length > MAX_BACKLOG) return 'too-old';
    return rows.map(toEvent);
  }

  /** Deletes the events older than the retention window, except the newest one (it tells since() which ids
   * were given). Runs from publish at most once a minute; tests call it directly. */
  async prune(now = this.now()): Promise<void> {
    this.prunedAt = now;
    const cutoff = new Date(now - this.retentionMs).toISOString();
    const newest = await this.store.db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
    if (newest?.last == null) return;
    await this.store.db.deleteFrom('live_events').where('created_at', '<', cutoff).where('id', '<', Number(newest.last)).execute();
  }

  private async maybePrune(): Promise<void> {
    const now = this.now();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) await this.prune(now);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
