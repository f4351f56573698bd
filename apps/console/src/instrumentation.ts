/**
 * Next.js calls `register` once when the server starts: open the store and create the
 * admin account right away, so a generated password is printed at start-up rather than on
 * the first request.
 */
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  if (process.env['NEXT_PHASE'] === 'phase-production-build') return;
  const { consoleRuntime } = await import('./server/runtime');
  const { startFleetRefresh } = await import('./server/fleet');
  const { consoleLog } = await import('./server/log');
  try {
    await consoleRuntime();
    startFleetRefresh();
  } catch (error) {
    consoleLog().error({ err: error }, 'start-up failed');
  }
}
