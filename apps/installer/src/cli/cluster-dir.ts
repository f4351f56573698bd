import { lstatSync, realpathSync, statSync } from 'node:fs';
import { join, parse, resolve, sep } from 'node:path';
import { readAssetManifest } from '@strata/bootstrap';
import { ConflictError, InputError } from '@strata/errors';

/** Kernel file systems: writing cluster state there is always a mistake, and a recursive mkdir under /proc never returns. */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys', '/dev'];

function refuse(dir: string, reason: string): InputError {
  return new InputError(`--dir ${dir}: ${reason}`, [{ path: '--dir', message: reason }]);
}

function underPseudoFileSystem(path: string): string | undefined {
  return PSEUDO_FILE_SYSTEMS.find((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * Checks a `--dir` path before anything creates it: every existing component must be a
 * directory (or a symlink to one), symlink loops are named, and kernel file systems are
 * refused. Each component is checked with lstat, because a recursive mkdir through a file,
 * a loop or /proc fails late or not at all. Returns the absolute path.
 */
export function checkClusterDir(dir: string): string {
  const absolute = resolve(dir);
  const { root } = parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(sep).filter(Boolean)) {
    current = join(current, part);
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw refuse(dir, `cannot read ${current} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    let real = current;
    if (stats.isSymbolicLink()) {
      try {
        real = realpathSync(current);
        stats = statSync(real);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') throw refuse(dir, `${current} is a symlink loop; point --dir at a real directory`);
        if (code === 'ENOENT') throw refuse(dir, `${current} is a symlink to a path that does not exist; create the target or use another --dir`);
        throw refuse(dir, `cannot follow the symlink ${current} (${code ?? String(error)})`);
      }
    }
    const pseudo = underPseudoFileSystem(real);
    if (pseudo) throw refuse(dir, `${real} is under ${pseudo}, a kernel file system; use a directory on disk`);
    if (!stats.isDirectory()) throw refuse(dir, `${current} is a file, not a directory; use another --dir`);
    current = real;
  }
  const pseudo = underPseudoFileSystem(current);
  if (pseudo) throw refuse(dir, `${current} is under ${pseudo}, a kernel file system; use a directory on disk`);
  return absolute;
}

/** Refuses (exit code 4) a directory holding the assets of a cluster other than `name`, before anything is written. */
export async function checkDirOwner(dir: string, name: string): Promise<void> {
  const manifest = await readAssetManifest(dir);
  if (manifest && manifest.cluster !== name) {
    throw new ConflictError(`${dir} holds the assets of cluster "${manifest.cluster}", not "${name}": choose another --dir or destroy that cluster first`);
  }
}
