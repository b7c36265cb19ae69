// Requests Node answers before Fastify runs (its HTTP parser refuses them, or Node would answer with an
// empty body) leave in the error shape too, over a real socket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legs, useApp } from '../helpers.ts';
import { errorOf, rawRequest, type RawAnswer } from '../raw-http.ts';

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

/** The request, then the status and code it must get. */
const CASES: Array<[string, string, number, string]> = [
  ['Content-Length and Transfer-Encoding', head(['POST /v1/sites/alpha/visitors HTTP/1.1', 'Host: h', 'Content-Length: 2', 'Transfer-Encoding: chunked']) + '0\r\n\r\n', 400, 'bad_request'],
  ['two Content-Lengths', head(['POST /v1/sites/alpha/visitors HTTP/1.1', 'Host: h', 'Content-Length: 2', 'Content-Length: 3']) + '{}', 400, 'bad_request'],
  ['a bad chunk size', head(['POST /v1/sites/alpha/visitors HTTP/1.1', 'Host: h', 'Content-Type: application/json', 'Transfer-Encoding: chunked']) + 'zz\r\n{}\r\n0\r\n\r\n', 400, 'bad_request'],
  ['a space in a header name', head(['GET /healthz HTTP/1.1', 'Host: h', 'Bad Header: 1']), 400, 'bad_request'],
  ['a bare LF in a header value', 'GET /healthz HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n', 400, 'bad_request'],
  ['an unknown HTTP version', head(['GET /healthz HTTP/3.7', 'Host: h']), 400, 'bad_request'],
  ['an unknown method token', head(['G@T /healthz HTTP/1.1', 'Host: h']), 400, 'bad_request'],
  ['not HTTP at all', 'HELLO\r\n\r\n', 400, 'bad_request'],
  ['a relative request target', head(['GET healthz HTTP/1.1', 'Host: h']), 400, 'bad_request'],
  ['a 20 KB URL', head([`GET /v1/sites/alpha/ratings?subject=${'x'.repeat(20_000)} HTTP/1.1`, 'Host: h']), 431, 'headers_too_large'],
  ['a 20 KB header', head(['GET /healthz HTTP/1.1', 'Host: h', `X-Big: ${'x'.repeat(20_000)}`]), 431, 'headers_too_large'],
  ['HTTP/1.1 without Host', head(['GET /healthz HTTP/1.1', 'Connection: close']), 400, 'bad_request'],
  ['an Expect other than 100-continue', head(['GET /healthz HTTP/1.1', 'Host: h', 'Expect: teapot', 'Connection: close']), 417, 'expectation_failed'],
  ['CONNECT', head(['CONNECT example.com:443 HTTP/1.1', 'Host: example.com:443']), 404, 'not_found'],
];

function assertErrorShape(answer: RawAnswer, status: number, code: string, what: string) {
  assert.equal(answer.status, status, `${what}: ${answer.head}`);
  assert.match(answer.head, /\r\ncontent-type: application\/json; charset=utf-8/i, what);
  const length = /\r\ncontent-length: (\d+)/i.exec(answer.head)?.[1];
  assert.equal(Number(length), Buffer.byteLength(answer.body), what);
  const error = errorOf(answer);
  assert.equal(error?.code, code, `${what}: ${answer.body}`);
  assert.ok(error!.message.length > 0, what);
}

for (const leg of legs()) {
  describe(`requests Node answers before Fastify (${leg.name})`, () => {
    const t = useApp(leg);
    let port: number;
    const send = (request: string) => rawRequest(port, request);

    it('answers broken framing, bad heads, oversize heads, a missing Host, Expect and CONNECT in the error shape', async () => {
      port = Number(new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port);
      for (const [what, request, status, code] of CASES) assertErrorShape(await send(request), status, code, what);
    });

    it('still answers HTTP/1.0 without Host, Expect: 100-continue, and one error for a bad request pipelined after a good one', async () => {
      assert.equal((await send(head(['GET /healthz HTTP/1.0']))).status, 200);
      const continued = await send(head(['POST /v1/sites/alpha/visitors HTTP/1.1', 'Host: h', 'Content-Type: application/json', 'Content-Length: 2', 'Expect: 100-continue', 'Connection: close']) + '{}');
      assert.match(continued.head, /^HTTP\/1\.1 100 Continue/);
      assert.match(continued.body, /^HTTP\/1\.1 201 Created/);
      // Both arrive in one packet: the parser refuses the second before the first is answered, and the
      // connection closes after one error response (Node's own behaviour), never inside another response.
      const pipelined = await send(head(['GET /healthz HTTP/1.1', 'Host: h']) + head(['GET /healthz HTTP/1.1', 'Host: h', 'Bad Header: 1']));
      assertErrorShape(pipelined, 400, 'bad_request', 'a bad request pipelined after a good one');
    });
  });
}
