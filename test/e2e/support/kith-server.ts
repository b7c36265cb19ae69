// Starts the real Kith server (node server/src/server.ts, no demo: it serves the API and dist/) as a child
// process on a free port with its own SQLite file, the way an operator would; sites come from the admin CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startServerProcess } from '../../../server/test/process.ts';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../../..');

export interface KithServer {
  url: string;
  env: NodeJS.ProcessEnv;
  /** Runs the admin CLI (`npm run kith -- …`) against this server's database. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** `args`: extra server arguments (`--demo` adds the demo site and pages); `extraEnv`: settings to change. */
export async function startKithServer(args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<KithServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kith-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'kith.db')}`,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const server = await startServerProcess(args, env);
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    async cli(...args) {
      const { stdout } = await run(process.execPath, ['server/src/cli.ts', ...args], { cwd: repoRoot, env });
      return stdout;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
