// JSON bodies: an empty body counts as "no body" (POST /visitors allows that; other routes then fail
// validation with a 400), invalid JSON (or JSON nested more than MAX_JSON_DEPTH deep) is a 400 invalid_json.
// Other media types stay unsupported (415), except where a route adds its own (the card import's CSV).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';

/** How deep arrays and objects may nest in a body. No route takes more than a few levels; a body of 10,000 nested
 * arrays parses, but code that walks it recursively (JSON.stringify for the idempotency fingerprint) would
 * overflow the stack: a 400 here instead of a 500 there. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests arrays or objects more than `max` deep (walked without recursion). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item != 'object' || item === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) if (typeof child == 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export default fp(
  async function jsonBody(app: FastifyInstance) {
    // Only JSON: Fastify's default text/plain parser would let plain text reach validation instead of a 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: 'string' }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return done(errors.invalidJson(`the body is not valid JSON: ${(error as Error).message}`), undefined);
      }
      if (nestedDeeperThan(value, MAX_JSON_DEPTH)) return done(errors.invalidJson(`the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`), undefined);
      done(null, value);
    });
  },
  { name: 'kith-json-body' },
);
