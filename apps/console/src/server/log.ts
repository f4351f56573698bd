import { createLogger, LOG_LEVELS, type Logger, type LogLevel } from '@strata/log';

const KEY = Symbol.for('strata.console.log');
const holder = globalThis as typeof globalThis & { [KEY]?: Logger };

function level(): LogLevel {
  const wanted = process.env['STRATA_CONSOLE_LOG_LEVEL'] ?? 'info';
  return LOG_LEVELS.find((l) => l === wanted) ?? 'info';
}

/**
 * The console server's logger, in the one log format of @strata/log (kept on globalThis so
 * every route bundle writes through one). STRATA_CONSOLE_LOG_LEVEL sets the level (info).
 */
export function consoleLog(): Logger {
  holder[KEY] ??= createLogger('console', { level: level() });
  return holder[KEY];
}
