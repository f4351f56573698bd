import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Relative imports of a file, type-only ones included: a type cycle still ties two modules together. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), `${name}.ts`));
}

/** Every cycle in a graph, found by depth-first search, each as the list of nodes on it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** The module a file belongs to: its folder below src (`schema`, `model`, `net`), or the file itself at the top. */
function moduleOf(file: string): string {
  const path = relative(SRC, file);
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
}

const FILES = sources(SRC);
const FILE_GRAPH = new Map(FILES.map((file) => [relative(SRC, file), importsOf(file).map((target) => relative(SRC, target))]));

/** Imports between modules, leaving out those inside one module. */
function moduleGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of FILES) {
    const from = moduleOf(file);
    const targets = importsOf(file)
      .map(moduleOf)
      .filter((to) => to !== from);
    graph.set(from, [...new Set([...(graph.get(from) ?? []), ...targets])]);
  }
  return graph;
}

describe('@strata/cluster-config modules', () => {
  it('import each other without cycles between files', () => {
    expect(FILE_GRAPH.size).toBeGreaterThan(20);
    expect(cycles(FILE_GRAPH)).toEqual([]);
  });

  it('import each other without cycles between folders (model uses schema, never the other way)', () => {
    const graph = moduleGraph();
    expect(graph.get('model')).toContain('schema');
    expect(graph.get('schema')).not.toContain('model');
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
