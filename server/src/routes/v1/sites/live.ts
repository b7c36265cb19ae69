// GET /v1/sites/:site/live?subjects=…: the live stream (Server-Sent Events) of a page's subjects. Public: it
// carries only what the public reads show (the publishers guarantee it). One stream per page; a resume
// (Last-Event-ID, or ?lastEventId= when the page opened a new stream because its subjects changed) first
// replays the events it missed from live_events, then goes on live, without a gap or a repeat between the
// two: the stream listens before it reads the backlog and drops live events the backlog already had. A page's
// first stream resumes from the position its widgets' reads answered with (lib/live-position.ts); once live, a
// `position` event (at once, then as the heartbeat) says how far the stream is, for the page's next stream.
import type { ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { LiveType } from '../../../../../src/core/live-protocol.ts';
import { HttpError } from '../../../errors.ts';
import type { LiveEvent } from '../../../live/bus.ts';
import { siteOf } from '../../../plugins/site.ts';
import { errorResponses, SiteParams } from './common.schemas.ts';
import { EVENT_ID_PATTERN, LiveQuery } from './live.schemas.ts';
import { distinctSubjects, listQuery } from './subjects.ts';

export { LIVE_MAX_SUBJECTS } from './live.schemas.ts';

/** How long the browser waits before reconnecting a dropped stream (the `retry:` field). */
export const LIVE_RETRY_MS = 3000;
/** A client that reads slower than events arrive is cut off once this much waits unsent; it reconnects
 * and resumes from its Last-Event-ID. */
const MAX_UNSENT_BYTES = 256 * 1024;
const EVENT_ID = new RegExp(EVENT_ID_PATTERN);

interface Stream {
  /** Events heard while the backlog was read; null once live. */
  held: LiveEvent[] | null;
  send(event: LiveEvent): void;
  /** A `position` event (once live; a comment line before): every event of the stream's subjects up to `id` has
   * been sent. The page resumes from it when it opens a new stream, so a page that heard nothing for a while does
   * not resume from a position the server no longer keeps. It also keeps proxies with an idle timeout from
   * closing the connection. */
  ping(id: number | undefined): void;
  end(): void;
}

const keyOf = (siteId: string, subject: string) => `${siteId}\n${subject}`;

/** One SSE event. JSON.stringify never leaves a raw line break, so `data:` is one line. */
function frame(id: number, type: LiveType, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export default async function liveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { heartbeatMs, streamsPerIp } = app.config.live;
  const streams = new Set<Stream>();
  const bySubject = new Map<string, Set<Stream>>();
  const openPerIp = new Map<string, number>();
  let heartbeat: NodeJS.Timeout | null = null;

  const stopListening = app.live.subscribe((event) => {
    const listeners = bySubject.get(keyOf(event.siteId, event.subject));
    if (!listeners) return;
    for (const stream of listeners) {
      if (stream.held) stream.held.push(event);
      else stream.send(event);
    }
  });
  // Open streams would keep server.close() waiting for good: end them first (the browser reconnects to
  // another instance, or to this one once it is back, and resumes).
  app.addHook('preClose', async () => {
    for (const stream of [...streams]) stream.end();
  });
  app.addHook('onClose', async () => {
    stopListening();
    if (heartbeat) clearInterval(heartbeat);
  });

  app.get(
    '/v1/sites/:site/live',
    {
      // An endless response: OpenAPI 3.0 cannot describe it, and the document's generic checks (which
      // expect every documented request to finish) would wait on it. docs/rest-api.md describes it.
      exposeHeadRoute: false,
      compress: false,
      schema: {
        hide: true,
        tags: ['live'],
        summary: 'The live stream of some subjects (Server-Sent Events, public)',
        params: SiteParams,
        querystring: LiveQuery,
        response: errorResponses(400, 403, 404, 429),
      },
      preValidation: [listQuery('subjects')],
    },
    async (request, reply) => {
      const site = siteOf(request);
      const subjects = distinctSubjects(request.query.subjects, 'subjects');
      // The header is what the browser sends when it reconnects this stream by itself: it is newer than
      // the query of the URL the stream was opened with.
      const header = request.headers['last-event-id'];
      const resumeText = typeof header === 'string' && header.trim() !== '' ? header.trim() : request.query.lastEventId;
      const resumeFrom = resumeText === undefined ? null : EVENT_ID.test(resumeText) ? Number(resumeText) : -1;

      const ip = request.ip;
      const open = openPerIp.get(ip) ?? 0;
      if (open >= streamsPerIp) {
        throw new HttpError(429, 'too_many_streams', `at most ${streamsPerIp} live streams may be open from one address; a page needs only one`, {
          headers: { 'retry-after': '30' },
        });
      }
      openPerIp.set(ip, open + 1);

      reply.hijack();
      const res: ServerResponse = reply.raw;
      const headers: Record<string, string | number | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value as string | number | string[];
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx buffers proxied responses unless told not to; an event would wait for the buffer to fill.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${LIVE_RETRY_MS}\n\n`);

      let ended = false;
      let lastSent = 0;
      /** The ids the backlog sent. The bus may still hand one of them over after the backlog was read: an event
       * committed before that read, whose publisher had not yet heard back from the database. It is not sent again. */
      const replayed = new Set<number>();
      const keys = subjects.map((subject) => keyOf(site.id, subject));
      const stream: Stream = {
        held: [],
        send(event) {
          if (ended || replayed.has(event.id)) return;
          lastSent = Math.max(lastSent, event.id);
          res.write(frame(event.id, event.type, event.data));
          if (res.writableLength > MAX_UNSENT_BYTES) res.destroy();
        },
        ping(id) {
          if (ended) return;
          // A position never goes back behind an event this stream was sent. Without one (the store could not
          // say), a comment line still keeps the connection.
          if (stream.held || id === undefined) res.write(':\n\n');
          else res.write(frame(Math.max(id, lastSent), 'position', {}));
        },
        end() {
          if (ended) return;
          res.end();
          // A keep-alive connection would otherwise stay open after the response and hold up server.close().
          res.socket?.end();
        },
      };
      const forget = () => {
        if (ended) return;
        ended = true;
        streams.delete(stream);
        for (const key of keys) {
          const listeners = bySubject.get(key);
          listeners?.delete(stream);
          if (listeners?.size === 0) bySubject.delete(key);
        }
        const left = (openPerIp.get(ip) ?? 1) - 1;
        if (left > 0) openPerIp.set(ip, left);
        else openPerIp.delete(ip);
        if (streams.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = null;
        }
      };
      res.on('close', forget);

      // Listen first, then read what was missed: an event published in between may be in both, and is sent once
      // (held while the backlog is read, then sent unless the backlog had it; or heard after that: see `replayed`).
      streams.add(stream);
      for (const key of keys) {
        let listeners = bySubject.get(key);
        if (!listeners) bySubject.set(key, (listeners = new Set()));
        listeners.add(stream);
      }
      heartbeat ??= setInterval(() => {
        app.live
          .position()
          .catch(() => undefined)
          .then((id) => {
            for (const s of streams) s.ping(id);
          });
      }, heartbeatMs);
      heartbeat.unref();

      if (resumeFrom !== null) {
        try {
          const backlog = resumeFrom < 0 ? 'too-old' : await app.live.since(site.id, subjects, resumeFrom);
          if (backlog === 'too-old') {
            // The client refetches everything; the reset's id (the bus's position) is where it resumes from next time.
            const position = await app.live.position();
            if (!ended) res.write(frame(position, 'reset', {}));
          } else {
            for (const event of backlog) {
              stream.send(event);
              replayed.add(event.id);
            }
          }
        } catch (error) {
          request.log.error({ err: error }, 'live: reading the backlog failed');
          // The browser reconnects (retry) and tries again from the same Last-Event-ID.
          stream.end();
          return;
        }
      }
      const held = stream.held ?? [];
      stream.held = null;
      for (const event of held) stream.send(event);
      // Where the stream stands now that it is live (see Stream.ping).
      stream.ping(await app.live.position().catch(() => undefined));
    },
  );
}
