import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const root = resolve(import.meta.dirname, '..');
/** Set by the global setup (a free port) before the workers load this file. */
const consolePort = Number(process.env['STRATA_E2E_CONSOLE_PORT'] ?? 3310);

/**
 * End-to-end suites run Debian's Chromium against PRODUCTION builds: the console is
 * built by the `console:build` target (a dependency of `e2e:e2e`) and served with
 * `next start` by the global setup, after it installed a real local cluster for the
 * console to manage. Files run in name order, one at a time: later suites build on the
 * state earlier ones leave (a scaled deployment, a drained node, extra nodes).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: resolve(root, 'dist/e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: the reference machine has two cores shared with a whole cluster.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  globalSetup: './console/support/global-setup.ts',
  reporter: [['list'], ['json', { outputFile: resolve(root, 'dist/test-results/e2e.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${consolePort}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
  },
});
