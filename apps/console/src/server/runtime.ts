import { ensureAdmin, openConsoleStore, syncInstalledClusters } from '@strata/console-server';
import { consoleLog } from './log';

/** The console's store, as `openConsoleStore` opens it. */
export type ConsoleStore = Awaited<ReturnType<typeof openConsoleStore>>;

/** Everything the console's server side shares: opened once per server process. */
export interface ConsoleRuntime {
  store: ConsoleStore;
  startedAt: Date;
}

/** How often clusters installed by `strata install` are picked up (and removed ones dropped). */
const SYNC_INTERVAL_MS = Number(process.env['STRATA_CONSOLE_SYNC_MS'] ?? 10_000);

async function syncClusters(store: ConsoleStore): Promise<void> {
  try {
    await syncInstalledClusters(store);
  } catch (error) {
    consoleLog().error({ err: error }, 'reading installed clusters failed');
  }
}

async function start(): Promise<ConsoleRuntime> {
  // CONSOLE_DB (sqlite:<path> or postgres://…) or the default SQLite file; the store reads it.
  const store = await openConsoleStore();
  consoleLog().info({ database: store.description }, `data in ${store.description}`);
  const password = process.env['STRATA_ADMIN_PASSWORD'] || undefined;
  const admin = await ensureAdmin(store, password ? { password } : {});
  if (admin.generatedPassword) {
    // Printed once to the terminal, on the start that created the account (not a log line:
    // nothing collects it); it is stored only as a hash.
    console.log(
      [
        '',
        '================================================================',
        ` Strata console: created the user "admin".`,
        ` Initial admin password: ${admin.generatedPassword}`,
        ' It is shown only this once; sign in and keep it somewhere safe.',
        '================================================================',
        '',
      ].join('\n'),
    );
  } else if (admin.created) {
    consoleLog().info({ user: 'admin' }, 'created the user "admin" with the password from STRATA_ADMIN_PASSWORD');
  }
  await syncClusters(store);
  const timer = setInterval(() => void syncClusters(store), SYNC_INTERVAL_MS);
  timer.unref();
  return { store, startedAt: new Date() };
}

const KEY = Symbol.for('strata.console.runtime');
type Holder = { [KEY]?: Promise<ConsoleRuntime> };

/**
 * The console runtime, started on first use. Kept on `globalThis` because Next.js may
 * load this module once per route bundle; the store must still be opened only once.
 * A failed start is forgotten, so the next request tries again.
 */
export function consoleRuntime(): Promise<ConsoleRuntime> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = start().catch((error: unknown) => {
      delete holder[KEY];
      throw error;
    });
  }
  return holder[KEY];
}
