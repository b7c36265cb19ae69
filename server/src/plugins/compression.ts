// Compresses larger JSON responses (br or gzip, as the client asks) and says on every response that its
// encoding depends on Accept-Encoding, so no shared cache hands one client's encoding to another.
// Only JSON: the SDK's JavaScript under /dist/ is compressed once at build time (scripts/precompress.mjs,
// brotli at maximum quality) and served as is by @fastify/static, which sets Content-Encoding itself, so it
// is never compressed twice nor on every request. Bodies under COMPRESS_THRESHOLD_BYTES (a summary, a vote)
// stay as they are: there compression costs more CPU than it saves bytes.
// The ETags of compressed JSON are weak (lib/etag.ts), so 304s keep working with any encoding.
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export const COMPRESS_THRESHOLD_BYTES = 1024;
const JSON_CONTENT_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Appends a token to Vary unless it (or `*`) is already there, case-insensitively. */
export function addVary(reply: FastifyReply, token: string): void {
  const current = reply.getHeader('vary');
  if (current === undefined) {
    reply.header('vary', token);
    return;
  }
  const value = Array.isArray(current) ? current.join(', ') : String(current);
  const tokens = value.split(',').map((t) => t.trim().toLowerCase());
  if (tokens.includes(token.toLowerCase()) || tokens.includes('*')) return;
  reply.header('vary', `${value}, ${token}`);
}

export default fp(
  async function compression(app: FastifyInstance) {
    await app.register(compress, {
      encodings: ['br', 'gzip'],
      threshold: COMPRESS_THRESHOLD_BYTES,
      customTypes: JSON_CONTENT_TYPE,
      // Request bodies are small JSON and no client compresses them; decoding them would only give a
      // caller one more way to make the server work. A compressed body is then simply not JSON: 400.
      globalDecompression: false,
    });
    // Lower case like @fastify/compress and @fastify/static, which then see it and do not add it again.
    app.addHook('onSend', async (_request, reply, payload) => {
      addVary(reply, 'accept-encoding');
      return payload;
    });
  },
  { name: 'kith-compression' },
);
