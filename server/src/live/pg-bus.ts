// The live bus across instances on PostgreSQL: publish writes the row (the identity column orders events
// across instances), then NOTIFYs its id. Each instance holds one connection that LISTENs; a notification
// carries only the id (NOTIFY payloads are limited to 8000 bytes, an event may not be), so the listener
// reads the row back. When that connection drops, it reconnects with backoff and first catches up on the
// events published meanwhile (ids above the last one it saw), so no listener misses one.
import { sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../db/index.ts';
import { StoreBus, toEvent, type StoreBusOptions } from './store-bus.ts';

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5_000;
const CATCH_UP_BATCH = 500;

/** One channel per schema: tests (and operators) may keep several Kith databases in one PostgreSQL
 * database, and a notification reaches every connection of the database. */
export function channelOf(store: Store): string {
  return store.schema ? `kith_live_${store.schema}` : 'kith_live';
}

export class PgBus extends StoreBus {
  private readonly url: string;
  readonly channel: string;
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs = BACKOFF_FIRST_MS;
  private pending = new Set<number>();
  private flushing: Promise<void> | null = null;
  /** Resolves when the listener is connected (again); tests wait on it. */
  private connectedWaiters: Array<() => void> = [];

  constructor(store: Store, options: StoreBusOptions = {}) {
    super(store, options);
    if (!store.url) throw new Error('the PostgreSQL live bus needs the store URL');
    this.url = store.url;
    this.channel = channelOf(store);
  }

  /** Connects the listener. A failure is logged and retried in the background: the server still starts. */
  async start(): Promise<void> {
    const last = await this.store.db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
    this.lastId = last?.last == null ? 0 : Number(last.last);
    await this.connect();
  }

  /** The listener's backend pid (tests terminate it), or null while disconnected. */
  get listenerPid(): number | null {
    return (this.client as (pg.Client & { processID?: number }) | null)?.processID ?? null;
  }

  /** Resolves once the listener is connected. */
  whenListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  protected override async announce(id: number): Promise<void> {
    await sql`select pg_notify(${this.channel}, ${String(id)})`.execute(this.store.db);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'kith-live' });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (this.closed) return;
      this.log?.warn({ err: error }, 'live: the LISTEN connection dropped; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      const id = Number(message.payload);
      if (Number.isSafeInteger(id) && !this.delivered.has(id)) this.queue(id);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (lost) return;
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.backoffMs = BACKOFF_FIRST_MS;
    // Events published while nobody here listened: ids above the last one handed out.
    try {
      await this.catchUp();
    } catch (error) {
      this.log?.error({ err: error }, 'live: catching up after a reconnect failed');
    }
    for (const resolve of this.connectedWaiters.splice(0)) resolve();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.backoffMs * (0.5 + Math.random() / 2);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.store.db
        .selectFrom('live_events')
        .selectAll()
        .where('id', '>', this.lastId)
        .orderBy('id')
        .limit(CATCH_UP_BATCH)
        .execute();
      for (const row of rows) this.deliver(toEvent(row));
      if (rows.length < CATCH_UP_BATCH || this.closed) return;
    }
  }

  /** Notifications that arrive together are read back in one query. */
  private queue(id: number): void {
    this.pending.add(id);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    this.flushing = null;
    if (this.closed || ids.length === 0) return;
    try {
      const rows = await this.store.db.selectFrom('live_events').selectAll().where('id', 'in', ids).orderBy('id').execute();
      for (const row of rows) this.deliver(toEvent(row));
    } catch (error) {
      this.log?.error({ err: error }, 'live: reading notified events failed');
    }
  }

  override async close(): Promise<void> {
    await super.close();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
    for (const resolve of this.connectedWaiters.splice(0)) resolve();
  }
}
