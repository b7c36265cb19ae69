// Starts the real server (node server/src/server.ts) as a child process and waits for its "listening on"
// line: the server's own process tests and the repository's end-to-end tests both use it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const SERVER_ENTRY = join(import.meta.dirname, '../src/server.ts');

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Resolves once `child` prints a line with "listening on" (stdout or stderr); fails if it exits first or
 * takes longer than `timeoutMs`. Returns everything it printed so far and goes on collecting. */
export async function whenListening(child: ChildProcess, what: string, timeoutMs: number): Promise<() => string> {
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${what} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('listening on')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return () => output;
}

export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await whenListening(child, 'server', timeoutMs);
  return {
    child,
    output,
    stop() {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
