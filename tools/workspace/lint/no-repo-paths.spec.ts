import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/**
 * No library reaches into tools/ or apps/ by path at run time: what a library needs from a
 * program or from the pinned versions it imports by package name (`@strata/binaries/versions.json`,
 * `@strata/node-agent/bundle`), so the dependency is an edge of the Nx project graph.
 *
 * A string literal counts as such a path when it starts (after any `./`, `../` or `/`) with
 * `tools/<folder>` or `apps/<folder>` for a folder that exists, or when it is the bare
 * segment `tools` or `apps` passed to `join`/`resolve`. Messages that tell a person what to
 * run (`dex is not built: run bash tools/binaries/build.sh`) and API groups (`apps/v1`) do not.
 */
const TOP_FOLDERS = ['tools', 'apps'] as const;
const existing = new Set(
  TOP_FOLDERS.flatMap((top) =>
    readdirSync(join(WORKSPACE_ROOT, top), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${top}/${e.name}`),
  ),
);
const PATH_LITERAL = /^(?:\.{1,2}\/|\/)*((?:tools|apps)\/[A-Za-z0-9_.-]+)/;
const PATH_CALLS = /(?:^|\.)(?:join|resolve)$/;

/** Every literal in `code` that names a path under tools/ or apps/, with its line. */
function repoPathLiterals(fileName: string, code: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: '${text}'`);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const match = PATH_LITERAL.exec(node.text);
      if (match?.[1] && existing.has(match[1].split('/').slice(0, 2).join('/'))) report(node, node.text);
    }
    if (ts.isCallExpression(node) && PATH_CALLS.test(node.expression.getText(source))) {
      for (const arg of node.arguments) {
        if (ts.isStringLiteralLike(arg) && (TOP_FOLDERS as readonly string[]).includes(arg.text)) report(arg, arg.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The non-test sources of every library. */
function librarySources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const lib of readdirSync(join(WORKSPACE_ROOT, 'libs'))) {
    const src = join(WORKSPACE_ROOT, 'libs', lib, 'src');
    if (existsSync(src)) walk(src);
  }
  return files;
}

describe('repoPathLiterals', () => {
  it.each([
    ["readFileSync(join(WORKSPACE_ROOT, 'tools/binaries/versions.json'), 'utf8');", 1],
    ["const entry = 'apps/installer/src/main.ts';", 1],
    ["const p = resolve(import.meta.dirname, '../../../tools/binaries/versions.json');", 1],
    ['const p = `${root}/apps/node-agent/src/main.ts`;', 1],
    ["const p = join(root, 'apps', 'installer', 'bin');", 1],
    ['throw new Error(`dex is not built at ${binary}: run bash tools/binaries/build.sh`);', 0],
    ["const group = describe('deployments', 'apps', 'v1');", 0],
    ["const apiVersion = 'apps/v1';", 0],
    ["import versions from '@strata/binaries/versions.json' with { type: 'json' };", 0],
  ])('finds the repository paths in %s', (code, count) => {
    expect(repoPathLiterals('fixture.ts', code)).toHaveLength(count);
  });
});

describe('library sources', () => {
  const files = librarySources();

  it('are found', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('name no path under tools/ or apps/ (import the package that owns the file instead)', () => {
    const found = files.flatMap((file) => repoPathLiterals(relative(WORKSPACE_ROOT, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
