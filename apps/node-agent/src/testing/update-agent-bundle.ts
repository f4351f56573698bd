import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetProcess, recordProcess } from '@strata/testkit';
import { projectNode, WORKSPACE_ROOT } from '@strata/toolchain';
import type { BundleSpec } from '@strata/toolchain/bundle';

/** The agent program of the images update specs build (see `update-agent.ts`). */
export const UPDATE_AGENT: BundleSpec = { name: 'update-agent', entry: join(import.meta.dirname, 'update-agent.ts') };

/** A running `apps/update-server` process. */
export interface UpdateServerProcess {
  base: string;
  token: string;
  child: ChildProcess;
  /** Ends the server with `signal` and resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real update server on `port` with its data in `dataDir`, once it answers /healthz. */
export async function startUpdateServerProcess(port: number, dataDir: string): Promise<UpdateServerProcess> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    projectNode(),
    ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/update-server/src/main.ts'), '--port', String(port), '--data-dir', dataDir],
    {
      cwd: WORKSPACE_ROOT,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('the update server did not start');
  recordProcess(pid, 'update-server');
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => forgetProcess(pid));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the update server exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the update server did not answer /healthz within 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { base, token, child, stop };
}
