import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/**
 * Every workspace package's `main`, `bin` and `exports` name files that exist, so a
 * consumer (Node, esbuild, TypeScript) never resolves a package to nothing.
 */
interface PackageJson {
  name?: string;
  main?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
}

function workspacePackages(): string[] {
  const root = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const lock = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  // The lock lists every workspace the globs matched; it is what `npm ci` installs.
  const matches = (path: string, glob: string) =>
    glob.endsWith('/*') ? path.startsWith(glob.slice(0, -1)) && !path.slice(glob.length - 1).includes('/') : path === glob;
  return Object.keys(lock.packages).filter((path) => !path.includes('node_modules') && root.workspaces.some((glob) => matches(path, glob)));
}

/** The file paths an `exports` field names, at any depth of conditions and subpaths. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

function entries(pkg: PackageJson): string[] {
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  return [...(pkg.main ? [pkg.main] : []), ...bins, ...exportTargets(pkg.exports)].filter((target) => !target.includes('*'));
}

describe('workspace package entries', () => {
  const packages = workspacePackages();

  it('finds the workspace packages', () => {
    expect(packages).toEqual(expect.arrayContaining(['apps/installer', 'apps/node-agent', 'libs/driver-api', 'libs/install-contract', 'tools/binaries']));
  });

  it.each(packages)('%s names only files that exist', (path) => {
    const manifest = join(WORKSPACE_ROOT, path, 'package.json');
    expect(existsSync(manifest), `${manifest} is missing`).toBe(true);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson;
    const missing = entries(pkg).filter((target) => !existsSync(join(dirname(manifest), target)));
    expect(missing, `${pkg.name ?? path}: package.json names files that do not exist`).toEqual([]);
  });

  it('lists every workspace folder in package-lock.json, so npm ci links it', () => {
    const root = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    const folders = root.workspaces.flatMap((glob) => {
      // An entry without a trailing `/*` names one package folder (tools/binaries).
      if (!glob.endsWith('/*')) return existsSync(join(WORKSPACE_ROOT, glob, 'package.json')) ? [glob] : [];
      const parent = glob.replace(/\/\*$/, '');
      return readdirSync(join(WORKSPACE_ROOT, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(WORKSPACE_ROOT, parent, entry.name, 'package.json')))
        .map((entry) => `${parent}/${entry.name}`);
    });
    expect(folders.filter((folder) => !packages.includes(folder))).toEqual([]);
  });
});
