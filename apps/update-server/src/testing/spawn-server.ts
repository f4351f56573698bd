import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectNode } from '@strata/toolchain/bundle';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/** The command that starts the update server as users do: the project's Node.js with tsx on src/main.ts. */
export function updateServerCommand(args: string[] = []): { command: string; args: string[] } {
  return { command: projectNode(), args: ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/update-server/src/main.ts'), ...args] };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A real update server process. */
export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `main.ts` with `args` and `env` and waits for its "listening on" line. */
export async function spawnUpdateServer(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<SpawnedServer> {
  const cmd = updateServerCommand(args);
  const child = spawn(cmd.command, cmd.args, { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the update server did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+) /.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the update server exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
