/**
 * The one rule for where Strata keeps per-user state (`STRATA_HOME`), shared by the
 * installer that writes the installed-clusters registry and the console that reads it.
 * Pure string work with POSIX separators, so it runs in a browser too; Node callers pass
 * `process.env` and `os.homedir()`.
 */

/** The registry folder inside {@link strataHomeFrom}. */
export const INSTALLED_CLUSTERS_FOLDER = 'clusters';

function trimTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Resolves `.` and `..` segments of an absolute POSIX path. */
function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/**
 * Strata's home directory: `STRATA_HOME` when set and not empty, else `<homedir>/.strata`.
 * A relative `STRATA_HOME` is taken relative to `cwd` (the process's working directory, as
 * the shell would), and trailing slashes are dropped, so every program resolves the same
 * absolute path for the same environment.
 */
export function strataHomeFrom(env: Record<string, string | undefined>, homedir: string, cwd = '/'): string {
  const raw = env['STRATA_HOME'];
  if (raw === undefined || raw.trim() === '') return normalizeAbsolute(`${trimTrailingSlashes(homedir)}/.strata`);
  const absolute = raw.startsWith('/') ? raw : `${trimTrailingSlashes(cwd)}/${raw}`;
  return normalizeAbsolute(trimTrailingSlashes(absolute));
}

/** The installed-clusters registry directory: `<strata home>/clusters`. */
export function installedClustersDirFrom(env: Record<string, string | undefined>, homedir: string, cwd = '/'): string {
  const home = strataHomeFrom(env, homedir, cwd);
  return home === '/' ? `/${INSTALLED_CLUSTERS_FOLDER}` : `${home}/${INSTALLED_CLUSTERS_FOLDER}`;
}

/** The file name of one cluster's registry entry. */
export function installedClusterFileName(clusterId: string): string {
  return `${clusterId}.json`;
}
