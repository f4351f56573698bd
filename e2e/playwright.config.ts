import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const root = resolve(import.meta.dirname, '..');
const consolePort = Number(process.env['STRATA_E2E_CONSOLE_PORT'] ?? 3310);

/**
 * End-to-end suites run Debian's Chromium against PRODUCTION builds: the console is
 * built by the `console:build` target (a dependency of `e2e:e2e`) and served with
 * `next start`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: resolve(root, 'dist/e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: resolve(root, 'dist/test-results/e2e.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${consolePort}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node_modules/.bin/next start apps/console --hostname 127.0.0.1 --port ${consolePort}`,
    cwd: root,
    url: `http://127.0.0.1:${consolePort}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { NEXT_TELEMETRY_DISABLED: '1' },
  },
});
