/**
 * Prebuilt bundles of the project's Node.js programs (the `strata` CLI, the node agent).
 *
 * Starting a program through the TypeScript loader costs about 1.5 s of transpiling and
 * resolving some 1,600 modules; a machine's agent, the load balancer and every CLI command
 * paid it. Instead each program is bundled once by esbuild into a single ES module kept in
 * the user's cache directory, and rebuilt only when one of the files it was built from has
 * changed (size or modification time), so a checkout never runs stale code. Started with
 * V8's compile cache, a bundle is up in about 0.3 s.
 *
 * This file runs both under the TypeScript loader and under Node's own type stripping (the
 * CLI's launcher), so it uses only erasable syntax and imports only Node built-ins and
 * `./pinned.ts` (which imports the pinned versions as JSON).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, enableCompileCache } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, WORKSPACE_ROOT } from './pinned.ts';

/**
 * A program to bundle: a short name and its entry file (absolute, or relative to the
 * repository root). Each program declares its own spec in a module it exports (the `strata`
 * CLI in `@strata/installer/bundle`, the node agent in `@strata/node-agent/bundle`), so
 * whoever builds or starts a bundle depends on that program by name.
 */
export interface BundleSpec {
  name: string;
  entry: string;
  /**
   * Split what the program imports lazily into chunks beside main.mjs (read only when
   * used). Off by default: a single-file bundle can be copied somewhere else whole (the
   * node agent goes into OS images).
   */
  splitting?: boolean;
}

/** Files outside the import graph that still change how it resolves. */
const EXTRA_INPUTS = ['package-lock.json', 'tsconfig.base.json'];

/**
 * `import.meta` properties rewritten to the source file's own location. The banner spells
 * `import.meta` without the literal text so that bundling this file leaves its own code alone.
 */
const IMPORT_META = ['import', 'meta'].join('.');
const SOURCE_IMPORT_META = /\bimport\.meta\.(dirname|filename|url)\b/g;

/** Bumped when the way bundles are built changes, so older ones are rebuilt. */
const FORMAT = 2;

interface Manifest {
  root: string;
  entry: string;
  /** Absolute path, size in bytes, modification time in ms. */
  inputs: Array<[string, number, number]>;
}

/** Where V8 keeps the compiled code of bundles between starts (`NODE_COMPILE_CACHE`). */
export function compileCacheDir(): string {
  return join(cacheDir(), 'node-compile-cache');
}

function bundlesDir(): string {
  return join(cacheDir(), 'bundles');
}

function bundleDir(spec: BundleSpec): string {
  const esbuild = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'node_modules/esbuild/package.json'), 'utf8')) as { version: string };
  const key = createHash('sha256').update(`${FORMAT}\0${WORKSPACE_ROOT}\0${spec.entry}\0${process.version}\0${esbuild.version}`).digest('hex').slice(0, 16);
  return join(bundlesDir(), `${spec.name}-${key}`);
}

function fingerprint(path: string): [string, number, number] | undefined {
  try {
    const st = statSync(path);
    return [path, st.size, st.mtimeMs];
  } catch {
    return undefined;
  }
}

function isFresh(dir: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return false;
  }
  if (!existsSync(join(dir, 'main.mjs'))) return false;
  for (const [path, size, mtimeMs] of manifest.inputs) {
    const now = fingerprint(path);
    if (now === undefined || now[1] !== size || now[2] !== mtimeMs) return false;
  }
  return true;
}

/**
 * The path of an up-to-date bundle of `spec`, building it first when it is missing or any
 * of its inputs has changed. Safe to call from several processes at once: a build is
 * written beside the bundle and renamed over it.
 */
export async function ensureBundle(spec: BundleSpec): Promise<string> {
  const dir = bundleDir(spec);
  if (!isFresh(dir)) await build(spec, dir);
  return join(dir, 'main.mjs');
}

async function build(spec: BundleSpec, dir: string): Promise<void> {
  // Loaded from the checkout, not imported: a bundled CLI must not carry esbuild inside itself.
  const { build: esbuild } = createRequire(join(WORKSPACE_ROOT, 'package.json'))('esbuild') as typeof import('esbuild');
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const result = await esbuild({
      absWorkingDir: WORKSPACE_ROOT,
      entryPoints: [resolve(WORKSPACE_ROOT, spec.entry)],
      outdir: staging,
      entryNames: 'main',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: spec.splitting === true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
      // Packages written as CommonJS call require(); an ES module has none of its own.
      banner: { js: `import { createRequire as __strataRequire } from 'node:module'; const require = __strataRequire(${IMPORT_META}.url);` },
      plugins: [
        {
          // The project's own files find data beside them (KWOK stages) through
          // import.meta; in a bundle that would point at the cache, so it is fixed to the source.
          name: 'source-import-meta',
          setup(b) {
            b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
              if (args.path.includes('/node_modules/')) return undefined;
              const values: Record<string, string> = { dirname: dirname(args.path), filename: args.path, url: pathToFileURL(args.path).href };
              const text = readFileSync(args.path, 'utf8').replace(SOURCE_IMPORT_META, (_, key: string) => JSON.stringify(values[key]));
              return { contents: text, loader: 'ts' };
            });
          },
        },
      ],
    });
    const inputs = [...Object.keys(result.metafile.inputs).map((p) => resolve(WORKSPACE_ROOT, p)), ...EXTRA_INPUTS.map((p) => join(WORKSPACE_ROOT, p))];
    const manifest: Manifest = {
      root: WORKSPACE_ROOT,
      entry: spec.entry,
      inputs: inputs.map(fingerprint).filter((f): f is [string, number, number] => f !== undefined),
    };
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`bundling ${spec.entry}: ${(error as Error).message}`, { cause: error });
  }
  pruneOrphans();
}

/** Removes the bundles of checkouts that no longer exist (fresh clones come and go). */
function pruneOrphans(): void {
  for (const name of readdirSync(bundlesDir())) {
    const dir = join(bundlesDir(), name);
    if (name.endsWith('.tmp')) continue;
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      if (!existsSync(resolve(manifest.root, manifest.entry))) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Being written by another process, or not a bundle: leave it.
    }
  }
}

/** Bundles already confirmed up to date by this process: one check per program, not one per start. */
const confirmed = new Map<string, Promise<string>>();

/**
 * How to start `spec` as a child process: the project's Node.js on the program's bundle,
 * with V8's compile cache. The bundle is checked (and rebuilt if needed) once per process,
 * so starting an agent for each of many machines does not re-read every input each time.
 */
export async function bundledCommand(spec: BundleSpec, args: string[]): Promise<{ command: string; args: string[]; env: Record<string, string> }> {
  let bundle = confirmed.get(spec.name);
  if (bundle === undefined) {
    bundle = ensureBundle(spec);
    confirmed.set(spec.name, bundle);
    bundle.catch(() => confirmed.delete(spec.name));
  }
  return { command: projectNode(), args: [await bundle, ...args], env: { NODE_COMPILE_CACHE: compileCacheDir() } };
}

/** The project's pinned Node.js (the npm package `node`), which every program runs on. */
export function projectNode(): string {
  return join(WORKSPACE_ROOT, 'node_modules/.bin/node');
}

/**
 * Runs `spec` in this process from its bundle, with V8's compile cache on. The program sees
 * the same `process.argv` as if its entry file had been started directly.
 */
export async function runBundled(spec: BundleSpec): Promise<void> {
  enableCompileCache(compileCacheDir());
  const bundle = await ensureBundle(spec);
  await import(pathToFileURL(bundle).href);
}
