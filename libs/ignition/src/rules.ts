// Field rules shared by the builder and by parseIgnition. Each returns the problem
// text for a bad value or undefined for a good one; callers attach the field path.
// Where Ignition itself has a rule (absolute, fully simplified paths; unit and drop-in
// extensions; file modes) these match it, so a config that passes here also passes
// `ignition-validate` without errors or warnings.

/**
 * Unit suffixes Ignition accepts (its `validateUnitName`), i.e. the systemd unit types.
 * https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html
 */
export const UNIT_SUFFIXES = [
  '.service',
  '.socket',
  '.device',
  '.mount',
  '.automount',
  '.swap',
  '.target',
  '.path',
  '.timer',
  '.snapshot',
  '.slice',
  '.scope',
] as const;

/** Characters systemd allows in unit names (systemd.unit(5), "Description"). */
const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+$/;
/** The user and group names `useradd` accepts by default (shadow's NAME_REGEX). */
const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]*\$?$/;
const MAX_ACCOUNT_NAME = 32;
const MAX_UNIT_NAME = 255;
/** Largest valid uid/gid: (uid_t)-1 is reserved as "no id". */
const MAX_ID = 4_294_967_294;

/**
 * A node path (file, directory or link): absolute, fully simplified like Go's
 * `path.Clean` (no `.`/`..` segments, no `//`, no trailing `/`), not `/` itself.
 */
export function nodePathProblem(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (!path.startsWith('/')) return `must be absolute (got "${path}")`;
  if (path.includes('\0')) return 'must not contain NUL characters';
  if (path === '/') return 'must name something below "/"';
  const segments = path.slice(1).split('/');
  if (segments.includes('..')) return `must not contain ".." segments (got "${path}")`;
  if (segments.some((s) => s === '' || s === '.')) {
    return `must be normalized: no "." segments, "//" or trailing "/" (got "${path}")`;
  }
  return undefined;
}

/** A permission mode: an integer from 0 to 0o777 (setuid/setgid/sticky need spec 3.4). */
export function modeProblem(mode: number): string | undefined {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    return `must be an integer from 0 to 0o777 (511); setuid, setgid and sticky bits are not supported (got ${mode})`;
  }
  return undefined;
}

/** A systemd unit name with one of {@link UNIT_SUFFIXES}. */
export function unitNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_UNIT_NAME) return `must be at most ${MAX_UNIT_NAME} characters`;
  const suffix = UNIT_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix === undefined) return `must end in a systemd unit suffix (${UNIT_SUFFIXES.join(' ')}) (got "${name}")`;
  if (name.length === suffix.length) return `must have a name before "${suffix}"`;
  if (!UNIT_NAME.test(name)) return `may only contain letters, digits and ":_.\\@-" (got "${name}")`;
  return undefined;
}

/** A drop-in file name: `<something>.conf`, no slashes. */
export function dropinNameProblem(name: string): string | undefined {
  if (!name.endsWith('.conf') || name.length === '.conf'.length) return `must end in ".conf" (got "${name}")`;
  if (name.includes('/') || name.includes('\0')) return `must be a plain file name (got "${name}")`;
  return undefined;
}

/** A user or group name `useradd` accepts. */
export function accountNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_ACCOUNT_NAME) return `must be at most ${MAX_ACCOUNT_NAME} characters`;
  if (!ACCOUNT_NAME.test(name)) {
    return `must start with a lower-case letter or "_" and contain only a-z, 0-9, "_" and "-" (got "${name}")`;
  }
  return undefined;
}

/** A numeric uid or gid. */
export function idProblem(id: number): string | undefined {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) return `must be an integer from 0 to ${MAX_ID} (got ${id})`;
  return undefined;
}

/** One authorized SSH key line: non-empty, a single line. */
export function sshKeyProblem(key: string): string | undefined {
  if (key.trim() === '') return 'must not be empty';
  if (/[\r\n\0]/.test(key)) return 'must be a single line';
  return undefined;
}

/** An absolute, normalized path such as a home directory or a hard-link target. */
export function absolutePathProblem(path: string): string | undefined {
  return path === '/' ? undefined : nodePathProblem(path);
}

/** URL schemes Ignition fetches remote file contents from (besides embedded `data:` URLs). */
export const REMOTE_SOURCE_SCHEMES = ['https', 'http', 's3', 'gs', 'tftp'] as const;

/**
 * A remote `contents.source`: an absolute URL of a scheme in {@link REMOTE_SOURCE_SCHEMES}
 * with a host (for `s3://` and `gs://` the bucket). Ignition fetches it when it runs.
 */
export function remoteSourceProblem(source: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  if (scheme === undefined || !(REMOTE_SOURCE_SCHEMES as readonly string[]).includes(scheme)) {
    return `must be a data: URL or a ${REMOTE_SOURCE_SCHEMES.join(', ')} URL (got "${source}")`;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i.test(source)) return `must name a host or bucket after "${scheme}://" (got "${source}")`;
  if (!URL.canParse(source)) return `must be a valid URL (got "${source}")`;
  return undefined;
}

/** Whether systemd unit contents have an `[Install]` section (needed for `enabled`). */
export function hasInstallSection(contents: string): boolean {
  return /^[ \t]*\[Install\][ \t]*\r?$/m.test(contents);
}
