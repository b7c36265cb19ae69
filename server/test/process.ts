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

export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
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
      fail(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop() {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
