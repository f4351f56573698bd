import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Environment variable naming the console's data directory (database, secret key file). */
export const DATA_DIR_ENV = 'STRATA_CONSOLE_DATA_DIR';

/**
 * The workspace the console runs from: the nearest directory at or above `cwd` holding
 * `nx.json`, else `cwd` itself. Found from the working directory rather than from this file,
 * because the console's server bundle does not keep the library's location.
 */
export function findWorkspaceRoot(cwd = process.cwd()): string {
  // Paths of the running process, not files to trace into the server build.
  let dir = resolve(/*turbopackIgnore: true*/ cwd);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(/*turbopackIgnore: true*/ cwd);
    dir = parent;
  }
}

/** The console's data directory: $STRATA_CONSOLE_DATA_DIR, else `<workspace>/.strata/console`. */
export function defaultDataDir(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  const fromEnv = env[DATA_DIR_ENV]?.trim();
  return fromEnv ? resolve(cwd, fromEnv) : join(findWorkspaceRoot(cwd), '.strata', 'console');
}

/**
 * Creates `dir` (and missing parents) readable by the owner only (0700). An existing
 * directory keeps its mode: it belongs to whoever made it.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
