import { basename, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceRoot = resolve(import.meta.dirname, '../..');

/**
 * The vitest configuration every project shares. Integration specs (`*.int.spec.ts`)
 * start real binaries, so they get generous timeouts and run one file at a time
 * on the two-core reference machine. Each run also writes a JSON report to
 * dist/test-results/<project>.json, which `npm test` adds up into its summary line.
 */
export function projectConfig(root: string) {
  return defineConfig({
    root,
    test: {
      include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx', 'test/**/*.spec.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
      pool: 'forks',
      // Sweeps any real process a harness could not stop (see libs/testkit).
      globalSetup: [resolve(workspaceRoot, 'libs/testkit/src/global-teardown.ts')],
      reporters: ['default', 'json'],
      outputFile: { json: resolve(workspaceRoot, 'dist/test-results', `${basename(root)}.json`) },
    },
  });
}
