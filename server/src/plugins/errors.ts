// One error handler and one not-found handler: everything leaves as {error:{code,message,details?}}, and
// nothing the caller sends can turn into a 5xx.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody, errors, HttpError, type ErrorDetail } from '../errors.ts';

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function describe(context: string, issue: AjvIssue): ErrorDetail {
  const path = [context, ...(issue.instancePath ?? '').split('/').filter(Boolean)].join('/');
  let message = issue.message ?? 'is invalid';
  const params = issue.params ?? {};
  if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return { path: `${path}/${params.additionalProperty}`, message: 'is not allowed (unknown property)' };
  }
  if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: `${path}/${params.missingProperty}`, message: 'is required' };
  }
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path, message };
}

function statusCodeOf(error: FastifyError): number | undefined {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** What to answer a request Node's HTTP parser refused: status, code, message. */
function clientErrorAnswer(error: Error & { code?: string; reason?: unknown }): [number, string, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', 'the request line and headers exceed the 16 KB the server accepts; ask for fewer subjects per batch'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload_too_large', 'the chunk extensions of the body are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request did not arrive in time'];
  }
  // llhttp's reasons are fixed texts ("Invalid header value char"), never the caller's bytes.
  const reason = typeof error.reason === 'string' && error.reason ? `: ${error.reason}` : '';
  return [400, 'bad_request', `the request is not valid HTTP/1.1${reason}`];
}

/** Fastify's clientErrorHandler: requests Node's HTTP parser refuses (bad framing, a bad header, a request
 * line and headers over Node's 16 KB limit) never reach a route, so they are answered here, on the raw
 * socket, in the same error shape. The one a caller can cause by accident is the 16 KB limit
 * (`--max-http-header-size`), e.g. a batch read of 200 long subjects; the SDK splits its batch URLs well
 * below that. */
export function answerClientError(error: Error & { code?: string; reason?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = clientErrorAnswer(error);
  // Like Node: once a response on this connection has begun (a pipelined request before this one), another
  // one written now would land inside it, so the connection is only closed.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) writeRaw(socket, status, code, message);
  socket.destroy(error);
}

/** An error response in the usual shape, written straight to a socket no ServerResponse owns. */
function writeRaw(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Writes an error in the usual shape on a response Node hands out before Fastify sees the request. */
function answerRaw(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

export default fp(
  async function errorHandling(app: FastifyInstance) {
    // Requests Node answers itself, with an empty body or none, unless told otherwise: an `Expect` other
    // than 100-continue (417), an HTTP/1.1 request without Host (400, RFC 9112 §3.2), and CONNECT (the
    // socket is closed). They get the error shape.
    app.server.on('connect', (req: IncomingMessage, socket: Duplex) => {
      if (socket.writable) writeRaw(socket, 404, 'not_found', `no route CONNECT ${req.url ?? ''}`.slice(0, 300));
      socket.destroy();
    });
    app.server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
      answerRaw(res, 417, 'expectation_failed', 'the server only understands Expect: 100-continue');
    });
    (app.server as { requireHostHeader?: boolean }).requireHostHeader = false;
    app.addHook('onRequest', async (request) => {
      if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
        throw new HttpError(400, 'bad_request', 'an HTTP/1.1 request needs a Host header');
      }
    });

    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof HttpError) {
        if (error.headers) reply.headers(error.headers);
        return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.details));
      }
      if (error.validation) {
        const details = error.validation.map((issue) => describe(error.validationContext ?? 'request', issue as AjvIssue));
        const message = details.map((d) => `${d.path} ${d.message}`).join('; ');
        return reply.code(400).send(errorBody('validation_failed', message, details));
      }
      switch (error.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return reply.code(413).send(errorBody('payload_too_large', error.message));
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return reply.code(415).send(errorBody('unsupported_media_type', 'request bodies must be application/json'));
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return reply.code(400).send(errorBody('invalid_json', error.message));
      }
      const status = statusCodeOf(error);
      if (status !== undefined && status < 500) {
        // A framework-detected client error (bad Content-Length, malformed URL, …). The only 403 not thrown
        // as an HttpError is the static file server's: FST_STATIC_FORBIDDEN_PATH, or `send` refusing a path.
        if (status === 403) {
          const e = errors.forbiddenPath();
          return reply.code(e.statusCode).send(errorBody(e.code, e.message));
        }
        const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'validation_failed';
        return reply.code(status).send(errorBody(code, error.message));
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send(errorBody('internal', 'internal server error'));
    });

    app.setNotFoundHandler((request, reply) => {
      const e = errors.notFound(`no route ${request.method} ${request.url.split('?')[0]}`);
      reply.code(404).send(errorBody(e.code, e.message));
    });
  },
  { name: 'kith-errors' },
);
