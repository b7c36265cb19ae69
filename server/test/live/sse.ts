// Test helper: reads a live stream over a real connection (inject() cannot stream) and parses its events.
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  /** A comment line (heartbeat). */
  comment?: string;
}

/** An event that carries data (not a comment, the retry line, or the `position` the stream sends once live and as
 * its heartbeat). */
export const named = (e: SseEvent): boolean => e.event !== undefined && e.event !== 'position';
/** The stream's `position` event (its heartbeat, and once when it goes live). */
export const isPosition = (e: SseEvent): boolean => e.event === 'position';

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every event and comment so far. */
  events: SseEvent[];
  /** Resolves with the first event (from the start of the stream) that matches and was not taken before. */
  next(match?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  let done = false;
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1);
            else {
              const colon = line.indexOf(':');
              const field = colon === -1 ? line : line.slice(0, colon);
              const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id' || field === 'event' || field === 'data' || field === 'retry') event[field] = value;
            }
          }
          events.push(event);
        }
        wake();
      }
    } catch {
      // aborted
    } finally {
      done = true;
      wake();
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    ended,
    next(match = named, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => !taken.has(e) && match(e));
          if (found) {
            taken.add(found);
            cleanup();
            resolve(found);
          } else if (done) {
            cleanup();
            reject(new Error(`the stream ended without the event; got ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      abort.abort();
    },
  };
}

/** The parsed `data` of a stream's named events (not comments, the retry line or positions). */
export function dataOf(events: SseEvent[], type?: string): unknown[] {
  return events.filter((e) => named(e) && (type === undefined || e.event === type)).map((e) => JSON.parse(e.data ?? 'null'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
