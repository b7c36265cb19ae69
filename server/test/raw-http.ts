// Test helper: sends bytes on a plain TCP socket and reads the answer, for what app.inject cannot send
// (absolute-form request lines, broken framing, oversize heads, CONNECT).
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the first response, or 0 when the server closed the connection without one. */
  status: number;
  head: string;
  body: string;
}

/** Writes `request` and collects what comes back until the server closes (or `waitMs` of silence). */
export function rawRequest(port: number, request: string | Buffer, waitMs = 1_000): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      done({ status, head, body: split === -1 ? '' : text.slice(split + 4) });
    };
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), waitMs);
    };
    idle();
    socket.on('data', (chunk) => {
      chunks.push(Buffer.from(chunk));
      idle();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset after answering (it destroys sockets it refused); what arrived still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') fail(error);
    });
  });
}

/** The body of a Content-Length response (raw answers end at close; a keep-alive one would not). */
export function errorOf(answer: RawAnswer): { code: string; message: string } | undefined {
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : undefined;
  } catch {
    return undefined;
  }
}
