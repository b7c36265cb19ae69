// The live stream position a public read reflects. A page's widgets read their data, and a moment later (once
// their live code is here) open the page's stream: an event published in between would be in neither. So the
// reads the widgets make on load answer with the position their data reflects, and the page's first stream
// resumes from it (?lastEventId=): whatever was published after the read is replayed. A position that lags (a
// memo's, a cached copy's) replays a little more, which the widgets take as they would any event: the newest
// state wins.
//
// The position goes in a Server-Timing entry (`kith-live;desc=<id>`), with Timing-Allow-Origin for the page: the
// live code reads it from the page's resource timing entries (core/live.ts), so neither the loader nor the core
// chunk, whose bytes every page downloads, has to keep it, and reads made without the loader carry it too.
import type { FastifyInstance } from 'fastify';
import { LIVE_POSITION_METRIC } from '../../../src/core/live-protocol.ts';

/** The headers that carry `position` to the page at `origin` (the request's Origin; any page without one). */
export const livePositionHeaders = (position: number, origin: string | undefined): Record<string, string> => ({
  'server-timing': `${LIVE_POSITION_METRIC};desc=${position}`,
  'timing-allow-origin': origin ?? '*',
});

/** The bus's position, taken before the read it goes with (so that read includes every event up to it);
 * undefined when it could not be taken (the read is answered without it). */
export const livePosition = (app: FastifyInstance): Promise<number | undefined> => app.live.position().catch(() => undefined);

/** The oldest of some positions (a batch of memo hits and a fresh read): the one every part of the answer reflects. */
export const oldestPosition = (positions: Array<number | undefined>): number | undefined =>
  positions.some((position) => position === undefined) ? undefined : positions.length ? Math.min(...(positions as number[])) : undefined;
