import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle, projectNode, type BundleSpec } from './bundle';

const node = projectNode();

function runNode(args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const res = spawnSync(node, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

describe('ensureBundle', () => {
  let work: string;
  let programs = 0;
  const savedCache = process.env['STRATA_CACHE_DIR'];

  /** A fresh two-file program of its own for each test, so tests that edit sources run in any order. */
  function writeProgram(): BundleSpec {
    const src = join(work, `program-${programs++}`);
    mkdirSync(join(src, 'lib'), { recursive: true });
    writeFileSync(join(src, 'lib/data.txt'), 'beside the source\n');
    writeFileSync(
      join(src, 'lib/where.ts'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'node:path';",
        'export const greeting: string = "v1";',
        "export function besideMe(): string { return readFileSync(join(import.meta.dirname, 'data.txt'), 'utf8').trim(); }",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(src, 'main.ts'),
      [
        "import { besideMe, greeting } from './lib/where';",
        'console.log(JSON.stringify({ greeting, beside: besideMe(), argv: process.argv.slice(2) }));',
        '',
      ].join('\n'),
    );
    return { name: 'sample', entry: join(src, 'main.ts') };
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'strata-bundle-'));
    process.env['STRATA_CACHE_DIR'] = join(work, 'cache');
  });

  afterAll(() => {
    if (savedCache === undefined) delete process.env['STRATA_CACHE_DIR'];
    else process.env['STRATA_CACHE_DIR'] = savedCache;
    rmSync(work, { recursive: true, force: true });
  });

  it('builds a single module under the cache directory that runs like the sources', async () => {
    const spec = writeProgram();
    const bundle = await ensureBundle(spec);
    expect(bundle.startsWith(join(work, 'cache', 'bundles'))).toBe(true);
    const res = runNode([bundle, 'a', 'b']);
    expect(res.code, res.out).toBe(0);
    // import.meta in a bundled source file still points at that file's own directory.
    expect(JSON.parse(res.out)).toEqual({ greeting: 'v1', beside: 'beside the source', argv: ['a', 'b'] });
  });

  it('reuses the bundle while no input has changed', async () => {
    const spec = writeProgram();
    const bundle = await ensureBundle(spec);
    const built = statSync(bundle).mtimeMs;
    expect(await ensureBundle(spec)).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBe(built);
  });

  it('rebuilds when an imported file changes, so a checkout never runs stale code', async () => {
    const spec = writeProgram();
    const where = join(dirname(spec.entry), 'lib/where.ts');
    const before = await ensureBundle(spec);
    const source = readFileSync(where, 'utf8');
    writeFileSync(where, source.replace('"v1"', '"version two"'));
    const after = await ensureBundle(spec);
    expect(after).toBe(before);
    expect(JSON.parse(runNode([after]).out)).toMatchObject({ greeting: 'version two' });
  });

  it('drops the bundles of entries that no longer exist when it builds', async () => {
    const spec = writeProgram();
    const gone: BundleSpec = { name: 'gone', entry: join(work, 'gone/main.ts') };
    mkdirSync(dirname(gone.entry), { recursive: true });
    writeFileSync(gone.entry, 'console.log("bye");\n');
    await ensureBundle(gone);
    const names = () => readdirSync(join(work, 'cache', 'bundles'));
    expect(names().some((n) => n.startsWith('gone-'))).toBe(true);
    rmSync(dirname(gone.entry), { recursive: true, force: true });
    writeFileSync(join(dirname(spec.entry), 'main.ts'), 'console.log("changed");\n');
    await ensureBundle(spec);
    expect(names().some((n) => n.startsWith('gone-'))).toBe(false);
    expect(names().some((n) => n.startsWith('sample-'))).toBe(true);
  });

  it('reports a source that does not compile, naming the file, and keeps no partial bundle', async () => {
    const broken: BundleSpec = { name: 'broken', entry: join(work, 'broken.ts') };
    writeFileSync(broken.entry, 'export const = 1;\n');
    await expect(ensureBundle(broken)).rejects.toThrow(/broken\.ts/);
    expect(readdirSync(join(work, 'cache', 'bundles')).filter((n) => n.startsWith('broken-'))).toEqual([]);
  });
});
