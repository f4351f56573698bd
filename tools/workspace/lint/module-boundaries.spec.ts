import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/**
 * The workspace's dependency rules, exercised on fixture sources linted as if they lived
 * in a given project. These fail if eslint.config.mjs stops enforcing the rules.
 */
const eslint = new ESLint({
  cwd: WORKSPACE_ROOT,
  // Fixture files exist only as text, so no tsconfig holds them: lint them without the
  // type-aware rules (those need a program) and keep every other rule of the workspace.
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
        '@typescript-eslint/await-thenable': 'off',
      },
    },
  ],
});

beforeAll(() => {
  // The boundary rule reads Nx's project graph; make sure it reflects every project.
  execFileSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: WORKSPACE_ROOT, stdio: 'ignore' });
});

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it.each([
    ['libs/ui/src/fixture.ts', "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = KubeConfig;\n"],
    ['libs/cluster-config/src/fixture.ts', "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = KubeConfig;\n"],
  ])('rejects @kubernetes/client-node in browser-side %s', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/@nx\/enforce-module-boundaries: .*not allowed to import "@kubernetes\/client-node"/)]),
    );
  });

  it.each([
    ["import { readFileSync } from 'fs';\nexport const r = readFileSync;\n"],
    ["import { execFile } from 'node:child_process';\nexport const e = execFile;\n"],
  ])('rejects Node builtins in browser-side code: %s', async (code) => {
    const messages = await lint('libs/ui/src/fixture.ts', code);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*Node-only module/)]));
  });

  it('rejects React in a Node library', async () => {
    const messages = await lint('libs/pki/src/fixture.ts', "import { useState } from 'react';\nexport const u = useState;\n");
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/not allowed to import "react"/)]));
  });

  it('rejects a browser library depending on a Node library', async () => {
    const messages = await lint('libs/cluster-config/src/fixture.ts', "import { binaryPath } from '@strata/toolchain';\nexport const b = binaryPath;\n");
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/A project tagged with "type:browser" can only depend on libs tagged with "type:browser"/)]),
    );
  });

  it('accepts a Node library using @kubernetes/client-node', async () => {
    const messages = await lint('libs/k8s/src/fixture.ts', "import { KubeConfig } from '@kubernetes/client-node';\nexport const k = KubeConfig;\n");
    expect(messages).toEqual([]);
  });
});

describe('type-aware rules', () => {
  // Linted as the text of a file every tsconfig holds, so the rules have a program.
  const typed = new ESLint({ cwd: WORKSPACE_ROOT });
  it.each([
    ['no-floating-promises', 'export async function f() {}\nexport function g() {\n  f();\n}\n'],
    ['no-misused-promises', 'export function g(xs: number[]) {\n  xs.forEach(async () => {});\n  if (Promise.resolve(1)) return 1;\n}\n'],
  ])('reports %s', async (rule, code) => {
    const [result] = await typed.lintText(code, { filePath: join(WORKSPACE_ROOT, 'libs/errors/src/index.ts') });
    expect((result?.messages ?? []).map((m) => m.ruleId)).toContain(`@typescript-eslint/${rule}`);
  });
});
