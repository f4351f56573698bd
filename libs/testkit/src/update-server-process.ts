import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { programCommand, startListeningProgram } from './listening-program';

/**
 * The command that starts the update server as users do: the project's Node.js with tsx on
 * the program of the `@strata/update-server` package (its `./main` export), found by package
 * name, not by a path into the repository. The graph edge is testkit's implicit dependency on
 * the update server (its project.json); the program is run, never imported.
 */
export function updateServerCommand(args: readonly string[] = []): { command: string; args: string[] } {
  return programCommand('@strata/update-server/main', args);
}

/** How to start an update server process. */
export interface UpdateServerProcessOptions {
  /** Its data directory (`--data-dir`); the admin token is read from it once the server is up. */
  dataDir: string;
  /**
   * `--port`; 0 (the default) lets the system choose, and the URL the server prints tells which;
   * null passes no `--port`, so the server takes `STRATA_UPDATE_PORT` or its default.
   */
  port?: number | null;
  /** `--db` (`sqlite:…` or `postgres://…`); default: SQLite in the data directory. */
  database?: string;
  /** More arguments and environment. */
  args?: readonly string[];
  env?: Record<string, string>;
  /** How long it may take to print its "listening on" line; default 60 s. */
  timeoutMs?: number;
}

/** A real `apps/update-server` process, recorded for the suite's sweep until it exits. */
export interface UpdateServerProcess {
  child: ChildProcess;
  /** Its base URL, e.g. http://127.0.0.1:8600; the Omaha endpoint is `${url}/v1/update/`. */
  url: string;
  /** The admin API's bearer token. */
  token: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Ends it with `signal` (default SIGTERM) and resolves with its exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the update server in a process group of its own and resolves once it prints the
 * address it listens on. Specs, the end-to-end OS update and the benchmark all start it here,
 * so each runs the server exactly as `npm start` does.
 */
export async function startUpdateServerProcess(options: UpdateServerProcessOptions): Promise<UpdateServerProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = options.port === undefined ? 0 : options.port;
  const cmd = updateServerCommand([
    ...(port === null ? [] : ['--port', String(port)]),
    '--data-dir',
    options.dataDir,
    ...(options.database ? ['--db', options.database] : []),
    ...(options.args ?? []),
  ]);
  const { child, url, stderr, kill } = await startListeningProgram('update server', cmd, { timeoutMs, ...(options.env ? { env: options.env } : {}) });
  const token = readFileSync(join(options.dataDir, 'admin-token'), 'utf8').trim();
  return {
    child,
    url,
    token,
    stderr,
    stop: kill,
  };
}
