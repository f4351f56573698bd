import { exitCodeOf, formatError } from '@strata/errors';
import type { Logger } from '../log/logger';

/** Logs `error` and ends the process with the exit code of its kind (input 2, not found 3, conflict 4 …). */
export function exitWithError(log: Logger, what: string, error: unknown): never {
  log.error(`${what}: ${formatError(error).replace(/\n/g, '\n  ')}`);
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
      log.warn(`received ${signal} again while stopping; exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`received ${signal}; stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => exitWithError(log, 'stopping', error),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
