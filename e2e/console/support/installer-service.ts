import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '../../..');
const nodeBin = join(root, 'node_modules/.bin/node');

/** The installer service the console's wizard drives in the suites. */
export interface E2eInstallerService {
  url: string;
  tokenFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the installer service (apps/installer-service, as its `npm start` runs it) on a free port with its own data directory, registering the clusters it
 * installs in `strataHome`, the registry the console reads. Resolves once it listens.
 */
export async function startE2eInstallerService(work: string, strataHome: string, logFile: number): Promise<E2eInstallerService> {
  const dataDir = join(work, 'installer-service');
  mkdirSync(dataDir, { recursive: true });
  const main = join(root, 'apps/installer-service/src/main.ts');
  const child: ChildProcess = spawn(nodeBin, ['--import', 'tsx', main, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    detached: true,
    stdio: ['ignore', logFile, 'pipe'],
    env: { ...process.env, STRATA_HOME: strataHome, STRATA_INSTALLER_LOG_LEVEL: 'info' },
  });
  let stderr = '';
  // Kept in a file too, beside its stdout's log: the suites search both for what must never be logged.
  const stderrFile = join(work, 'installer-service.stderr.log');
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    appendFileSync(stderrFile, chunk);
  });
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`the installer service exited (${child.exitCode}):\n${stderr.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`the installer service did not start within 60 s:\n${stderr.slice(-3000)}`);
    url = /listening on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
    if (!url) await sleep(200);
  }
  return {
    url,
    tokenFile: join(dataDir, 'service-token'),
    stop: async () => {
      if (!child.pid || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      await Promise.race([once(child, 'exit').catch(() => undefined), sleep(5_000)]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Stopped on SIGTERM.
      }
    },
  };
}
