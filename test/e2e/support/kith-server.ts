// Starts the real Kith server (node server/src/server.ts) as a child process on a free port with its own
// SQLite file, the way an operator would, and creates a site with the admin CLI.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface KithServer {
  url: string;
  env: NodeJS.ProcessEnv;
  /** Runs the admin CLI (`npm run kith -- …`) against this server's database. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startKithServer(): Promise<KithServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kith-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'kith.db')}`,
    LOG_LEVEL: 'warn',
  };
  const child: ChildProcess = spawn(process.execPath, ['server/src/server.ts', '--demo'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
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
    url: `http://127.0.0.1:${port}`,
    env,
    async cli(...args) {
      const { stdout } = await run(process.execPath, ['server/src/cli.ts', ...args], { cwd: repoRoot, env });
      return stdout;
    },
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
