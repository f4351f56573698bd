import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programCommand, startListeningProgram } from './listening-program';

/**
 * The command that starts the installer service as users do: the project's Node.js with tsx
 * on the program of the `@strata/installer-service` package (its `./main` export), found by
 * package name, not by a path into the repository. The graph edge is testkit's implicit
 * dependency on the installer service (its project.json); the program is run, never imported.
 */
export function installerServiceCommand(args: readonly string[] = []): { command: string; args: string[] } {
  return programCommand('@strata/installer-service/main', args);
}

/** How to start an installer service process. */
export interface InstallerServiceProcessOptions {
  /** Its data directory (`--data-dir`); default a fresh temporary one. Pass the same one again to restart on it. */
  dataDir?: string;
  /** `--port`; default 0, the system chooses and the printed URL tells which. */
  port?: number;
  /** More environment (STRATA_HOME, say, for where installed clusters are registered). */
  env?: Record<string, string>;
  /** How long it may take to answer /healthz; default 60 s. */
  timeoutMs?: number;
}

/** A real `apps/installer-service` process, recorded for the suite's sweep until it exits. */
export interface InstallerServiceProcess {
  child: ChildProcess;
  /** Its base URL, e.g. http://127.0.0.1:8700. */
  url: string;
  /** The bearer token, read from `<data dir>/service-token`. */
  token: string;
  dataDir: string;
  pid: number;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` (SIGKILL to simulate a crash) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Ends it with SIGTERM (installs in flight are marked interrupted) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the installer service in a process group of its own and resolves once `/healthz`
 * answers. The console's specs and the service's own restart specs start it here, so each
 * runs the service exactly as `npm start` does.
 */
export async function startInstallerServiceProcess(options: InstallerServiceProcessOptions = {}): Promise<InstallerServiceProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'strata-installer-service-'));
  const cmd = installerServiceCommand(['--port', String(options.port ?? 0), '--data-dir', dataDir]);
  const program = await startListeningProgram('installer service', cmd, { timeoutMs, ...(options.env ? { env: options.env } : {}) });
  const { child, pid, url, stderr, kill } = program;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the installer service at ${url} does not answer /healthz: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = readFileSync(join(dataDir, 'service-token'), 'utf8').trim();
  return { child, url, token, dataDir, pid, stderr, kill, stop: () => kill('SIGTERM') };
}
