import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace root, where `node_modules/.bin/node` and `tsx` live. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../..');

/** A license server running as its own process, as in production. */
export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

/**
 * Starts `apps/license-server/src/main.ts` on a free loopback port with the given database
 * and waits for its listening line.
 */
export async function spawnServer(options: { db: string; dataDir: string; env?: Record<string, string> }): Promise<SpawnedServer> {
  const child = spawn(
    resolve(WORKSPACE_ROOT, 'node_modules/.bin/node'),
    ['--import', 'tsx', 'apps/license-server/src/main.ts', '--port', '0', '--db', options.db],
    {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, LICENSE_DATA_DIR: options.dataDir, LICENSE_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`license server did not start within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`license server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
