import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleRuntime } from '../runtime';

/** The admin password a spec's console starts with. */
export const TEST_ADMIN_PASSWORD = 'admin-password-1';

/**
 * Points the console's runtime at an in-memory store and a throwaway home for one spec
 * file; call it before the first `consoleRuntime()`. `close` shuts the store and removes
 * the directory.
 */
export function useConsoleTestEnv(prefix: string): { dir: string; close(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  Object.assign(process.env, {
    CONSOLE_DB: 'sqlite::memory:',
    STRATA_CONSOLE_DATA_DIR: join(dir, 'data'),
    STRATA_HOME: join(dir, 'home'),
    STRATA_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    STRATA_CONSOLE_LOG_LEVEL: 'silent',
  });
  return {
    dir,
    close: async () => {
      await (await consoleRuntime()).store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
