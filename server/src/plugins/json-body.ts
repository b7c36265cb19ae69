// JSON bodies: an empty body counts as "no body" (POST /visitors allows that; other routes then fail
// validation with a 400), invalid JSON is a 400 invalid_json. Other media types stay unsupported (415).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';

export default fp(
  async function jsonBody(app: FastifyInstance) {
    // Only JSON: Fastify's default text/plain parser would let plain text reach validation instead of a 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: 'string' }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(errors.invalidJson(`the body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    });
  },
  { name: 'kith-json-body' },
);
