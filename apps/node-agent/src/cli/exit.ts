import { exitCodeOf } from '@strata/errors';
import type { Logger } from '@strata/log';

/**
 * Logs `error` under `err` (message, stack, cause and, for Strata errors, the problems
 * naming each field) and ends the process with the exit code of its kind (input 2, not
 * found 3, conflict 4 …). The logger writes synchronously, so the line is out before the exit.
 */
export function exitWithError(log: Logger, what: string, error: unknown): never {
  log.error({ err: error }, `${what}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(exitCodeOf(error));
}

/**
 * Runs `stop` on the first SIGTERM or SIGINT and exits 0 when it is done; a second
 * signal while stopping ends the process at once with exit code 1.
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, `received ${signal} again while stopping; exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, `received ${signal}; stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => exitWithError(log, 'stopping', error),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
