// ETags for JSON bodies the server computes itself (rating summaries, site policy).
// They are weak (W/"…"): the tag is a hash of the JSON value, taken before @fastify/compress encodes the
// bytes, so one tag stands for the identity, gzip and br forms of the same content. That is what a weak
// validator means (RFC 9110 §8.8.1); a strong one would have to differ per Content-Encoding. If-None-Match
// uses weak comparison anyway, so a client gets its 304 whichever encoding it was sent.
import { createHash } from 'node:crypto';

export function etagOf(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** If-None-Match matching with weak comparison: `*`, lists, and strong or `W/` forms of the tag. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}
