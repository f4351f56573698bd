import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { projectNode, WORKSPACE_ROOT } from '@strata/toolchain';
import { forgetProcess, recordProcess } from './process-registry';

/**
 * The command that starts a workspace program as users do: the project's Node.js with tsx on the
 * module a package exports as its program (`@strata/update-server/main`), found by package name,
 * not by a path into the repository. The graph edge is testkit's implicit dependency on that
 * package (its project.json); the program is run, never imported.
 */
export function programCommand(specifier: string, args: readonly string[] = []): { command: string; args: string[] } {
  const main = createRequire(import.meta.url).resolve(specifier);
  return { command: projectNode(), args: ['--import', 'tsx', main, ...args] };
}

/** A server program started by {@link startListeningProgram}, once it printed where it listens. */
export interface ListeningProgram {
  child: ChildProcess;
  pid: number;
  /** The `http://…` address from its `listening on <url> ` line. */
  url: string;
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` unless it has exited, and resolves with its exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `command` in a process group of its own, recorded for the suite's sweep until it exits,
 * and resolves once it printed `listening on <url> ` to stderr.
 * @throws when it exits first or says nothing within `timeoutMs` (then it is killed).
 */
export async function startListeningProgram(
  name: string,
  cmd: { command: string; args: string[] },
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ListeningProgram> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(cmd.command, cmd.args, {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`the ${name} did not start`);
  recordProcess(pid, name.replaceAll(' ', '-'));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  void exited.then(() => forgetProcess(pid));
  let stderr = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the ${name} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
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
      fail(new Error(`the ${name} exited with ${code}: ${stderr}`));
    });
  });
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { child, pid, url, exited, stderr: () => stderr, kill };
}
