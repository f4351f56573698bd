import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '../../..');
const nodeBin = join(root, 'node_modules/.bin/node');
const main = join(root, 'apps/installer-service/src/main.ts');

/** The installer service the console's wizard drives in the suites. */
export interface E2eInstallerService {
  url: string;
  tokenFile: string;
  stop(): Promise<void>;
}

/**
 * Where the service of a run is, kept in `<work>/installer-service.json`: a suite that restarts
 * it (in a worker, not in the global setup's process) leaves the new pid there for the teardown.
 */
interface ServiceRecord {
  pid: number;
  port: number;
  url: string;
  dataDir: string;
  strataHome: string;
}

const recordFile = (work: string) => join(work, 'installer-service.json');

function readRecord(work: string): ServiceRecord {
  return JSON.parse(readFileSync(recordFile(work), 'utf8')) as ServiceRecord;
}

function spawnService(dataDir: string, port: number, strataHome: string, stdout: number, stderr: number | 'pipe'): ChildProcess {
  // Its own process group (detached): a kill -9 of the group ends the service with the programs it runs, never the machines' daemons (their own sessions).
  return spawn(nodeBin, ['--import', 'tsx', main, '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    detached: true,
    stdio: ['ignore', stdout, stderr],
    env: { ...process.env, STRATA_HOME: strataHome, STRATA_INSTALLER_LOG_LEVEL: 'info' },
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to the process group of `pid` and waits until the group is gone; SIGKILL after `graceMs`. */
async function endGroup(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!groupAlive(pid)) return;
  process.kill(-pid, 'SIGKILL');
  while (groupAlive(pid)) await sleep(100);
}

async function waitForHealthz(url: string, exited: () => string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(gone);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the installer service at ${url} did not answer /healthz within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/**
 * Starts the installer service (apps/installer-service, as its `npm start` runs it) on a free port with its own data directory, registering the clusters it
 * installs in `strataHome`, the registry the console reads. Resolves once it listens.
 */
export async function startE2eInstallerService(work: string, strataHome: string, logFile: number): Promise<E2eInstallerService> {
  const dataDir = join(work, 'installer-service');
  mkdirSync(dataDir, { recursive: true });
  const child = spawnService(dataDir, 0, strataHome, logFile, 'pipe');
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
  if (!child.pid) throw new Error('the installer service has no pid');
  const record: ServiceRecord = { pid: child.pid, port: Number(new URL(url).port), url, dataDir, strataHome };
  writeFileSync(recordFile(work), JSON.stringify(record));
  return {
    url,
    tokenFile: join(dataDir, 'service-token'),
    // Whichever process serves now: the one started here, or the one a suite restarted it as.
    stop: () => endGroup(readRecord(work).pid, 'SIGTERM', 5_000),
  };
}

/** How a suite restarts the service. */
export interface RestartOptions {
  /** How it ends: SIGKILL (the default) gives it no chance to mark its installs; SIGTERM is a graceful stop. */
  signal?: NodeJS.Signals;
  /** Runs while the service is down (what the console shows meanwhile); it starts again afterwards even if this throws. */
  whileDown?: () => Promise<void>;
}

/**
 * Ends the run's installer service with `signal` and starts it again on the same data
 * directory and port, so the console and the suites find it where it was. Its output goes on
 * into the run's two log files. Resolves once it answers /healthz again; the global teardown
 * stops the new process.
 */
export async function restartE2eInstallerService(work: string, options: RestartOptions = {}): Promise<void> {
  const record = readRecord(work);
  await endGroup(record.pid, options.signal ?? 'SIGKILL', 30_000);
  try {
    await options.whileDown?.();
  } finally {
    await startAgain(work, record);
  }
}

/** Starts the service of `record` again on its data directory and port and records its new pid. */
async function startAgain(work: string, record: ServiceRecord): Promise<void> {
  const stdout = openSync(join(work, 'installer-service.log'), 'a');
  const stderr = openSync(join(work, 'installer-service.stderr.log'), 'a');
  try {
    const child = spawnService(record.dataDir, record.port, record.strataHome, stdout, stderr);
    if (!child.pid) throw new Error('the installer service did not start again');
    // It outlives the worker that restarted it, like the first one outlives nothing but the run.
    child.unref();
    writeFileSync(recordFile(work), JSON.stringify({ ...record, pid: child.pid }));
    await waitForHealthz(
      record.url,
      () =>
        child.exitCode === null
          ? undefined
          : `the installer service exited (${child.exitCode}) when started again:\n${readFileSync(join(work, 'installer-service.stderr.log'), 'utf8').slice(-3000)}`,
      60_000,
    );
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
}
