// ETags for JSON bodies the server computes itself (rating summaries, site policy).
// They are weak (W/"…"): the tag is a hash of the JSON value, taken before @fastify/compress encodes the
// bytes, so one tag stands for the identity, gzip and br forms of the same content. That is what a weak
// validator means (RFC 9110 §8.8.1); a strong one would have to differ per Content-Encoding. If-None-Match
// uses weak comparison anyway, so a client gets its 304 whichever encoding it was sent.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { livePositionHeaders } from './live-position.ts';

export function etagOf(body: unknown): string {
  return etagOfJson(JSON.stringify(body));
}

/** The ETag of a body already serialized (the same tag etagOf gives its value). */
export function etagOfJson(json: string): string {
  return `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** If-None-Match matching with weak comparison: `*`, lists, and strong or `W/` forms of the tag. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}

/** A public read's answer: sends its ETag and Cache-Control, then either `body` or, when the request's
 * If-None-Match matches, an empty 304 (which no response schema describes: typed as the body so the route's
 * handler keeps its return type). `etag` defaults to the body's own. `livePosition` (lib/live-position.ts) goes
 * with a body only: a 304's headers replace the cached copy's, and that copy is as old as its own position. */
export function cacheableReply<Body>(request: FastifyRequest, reply: unknown, body: Body, cacheControl: string, etag = etagOf(body), livePosition?: number): Body {
  const sent = (reply as FastifyReply).header('etag', etag).header('cache-control', cacheControl);
  if (matchesEtag(request.headers['if-none-match'], etag)) return sent.code(304).send() as unknown as Body;
  if (livePosition !== undefined) sent.headers(livePositionHeaders(livePosition, request.headers.origin));
  return body;
}
