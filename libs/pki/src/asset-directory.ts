import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '@strata/errors';
import type { PkiFile } from './types';

/** The top-level folders of the asset directory that hold PKI files. */
const PKI_FOLDERS = ['pki', 'auth'];

async function walk(root: string, folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) return walk(root, full);
      return entry.isFile() ? [relative(root, full)] : [];
    }),
  );
  return nested.flat();
}

/**
 * Reads every file under `<dir>/pki` and `<dir>/auth` with its relative path (`/`-separated)
 * and mode. A missing directory reads as no files, which is what a first run has.
 */
export async function readPkiDirectory(dir: string): Promise<PkiFile[]> {
  const paths = (await Promise.all(PKI_FOLDERS.map((f) => walk(dir, join(dir, f))))).flat().sort();
  return Promise.all(
    paths.map(async (path) => {
      const full = join(dir, path);
      const [contents, info] = await Promise.all([readFile(full, 'utf8'), stat(full)]);
      return { path: path.split(sep).join('/'), contents, mode: info.mode & 0o777 };
    }),
  );
}

/**
 * Writes `files` below `dir`, creating folders as 0700, and sets each file's mode even when
 * the file already existed (a plain write keeps the old mode).
 * @throws InputError when a path is absolute or climbs out of `dir`.
 */
export async function writePkiFiles(dir: string, files: PkiFile[]): Promise<void> {
  const escaping = files.filter((f) => f.path.startsWith('/') || f.path.split('/').some((part) => part === '..' || part === ''));
  if (escaping.length > 0) {
    throw new InputError(
      'PKI file paths must stay inside the asset directory',
      escaping.map((f) => ({ path: f.path, message: 'is not a relative path below the asset directory' })),
    );
  }
  for (const file of files) {
    const full = join(dir, ...file.path.split('/'));
    await mkdir(dirname(full), { recursive: true, mode: 0o700 });
    // Tighten first so a secret never sits in a file with looser permissions.
    await writeFile(full, '', { mode: file.mode, flag: 'a' });
    await chmod(full, file.mode);
    await writeFile(full, file.contents);
  }
}
