/** Log verbosity, from most to least talkative. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields appended to a log line as `key=value`. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** A leveled logger writing one line per event. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function formatValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /^[\w./:@-]*$/.test(text) && text !== '' ? text : JSON.stringify(text);
}

/**
 * A logger that writes `<time> <LEVEL> <message> key=value ...` lines to `write`
 * (stderr by default), the plain format a process supervisor appends to a log file.
 */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const emit = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (RANK[at] < RANK[level]) return;
    const extra = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}=${formatValue(v as string | number | boolean | null)}`)
      .join('');
    write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${extra}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger('error', () => undefined);
