// The public entry point must stay loadable in a browser: no Node.js builtins anywhere
// in what src/index.ts pulls in, and nothing from src/node/. The workspace lint rule for
// Node builtins does not cover this library's sources, so this test does.
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every source file reachable from `entry` through relative imports, with its external imports. */
function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), `${specifier}.ts`));
      else external.add(specifier);
    }
  }
  return { files: [...files].map((f) => relative(SRC, f)).sort(), external: [...external].sort() };
}

describe('browser safety of @strata/ignition', () => {
  const graph = importGraph(join(SRC, 'index.ts'));

  it('finds the library modules behind the entry point', () => {
    expect(graph.files).toContain('builder.ts');
    expect(graph.files).toContain('encoding/data-url.ts');
  });

  it('imports no Node.js builtin', () => {
    expect(graph.external.filter((s) => isBuiltin(s))).toEqual([]);
  });

  it('imports only browser-safe packages', () => {
    // data-urls and its dependencies (whatwg-url, whatwg-mimetype) are plain JavaScript
    // written for browsers and jsdom.
    expect(graph.external).toEqual(['@strata/errors', 'data-urls', 'zod']);
  });

  it('does not reach the Node-only apply helper or test fixtures', () => {
    expect(graph.files.filter((f) => f.startsWith('node/') || f.startsWith('testing/') || f.includes('.spec.'))).toEqual([]);
  });
});
