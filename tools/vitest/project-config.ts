import { basename, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceRoot = resolve(import.meta.dirname, '../..');

const SPECS = ['src/**/*.spec.ts', 'src/**/*.spec.tsx', 'test/**/*.spec.ts'];

/**
 * The vitest configuration every project shares, as two groups run one after the other:
 * unit specs, in parallel over the reference machine's two cores, then integration specs
 * (`*.int.spec.ts`), which start real binaries and so run one file at a time with generous
 * timeouts. Each run writes a JSON report to dist/test-results/<project>.json, which
 * `npm test` adds up into its summary line.
 *
 * Unit specs run shuffled (files and the tests inside them), so a test that leans on what
 * another test left behind fails instead of passing by luck: each test sets up what it needs.
 * The run prints the seed it shuffled with ("Running tests with seed …"); replay a failing
 * order with `npx vitest run --config <project>/vitest.config.ts --project unit --sequence.seed=<seed>`.
 * Integration specs keep their file order.
 */
export function projectConfig(root: string, specs: string[] = SPECS) {
  const integrationSpecs = specs.filter((glob) => glob.endsWith('.spec.ts')).map((glob) => glob.replace(/\.spec\.ts$/, '.int.spec.ts'));
  return defineConfig({
    root,
    test: {
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      // Sweeps any real process a harness could not stop (see libs/testkit).
      globalSetup: [resolve(workspaceRoot, 'libs/testkit/src/global-teardown.ts')],
      reporters: ['default', 'json'],
      outputFile: { json: resolve(workspaceRoot, 'dist/test-results', `${basename(root)}.json`) },
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: specs,
            exclude: [...integrationSpecs, '**/node_modules/**'],
            maxWorkers: 2,
            sequence: { groupOrder: 0, shuffle: true },
          },
        },
        {
          extends: true,
          test: { name: 'integration', include: integrationSpecs, fileParallelism: false, sequence: { groupOrder: 1 } },
        },
      ],
    },
  });
}
