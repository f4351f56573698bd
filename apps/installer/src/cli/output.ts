import { formatError, exitCodeOf, StrataError } from '@strata/errors';

export type OutputFormat = 'text' | 'json';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Global options every command shares. */
export interface GlobalOptions {
  output: OutputFormat;
  logLevel: LogLevel;
}

/**
 * Where a command's results and logs go. Results go to stdout (as text or one JSON
 * document); logs go to stderr so `--output json` stays machine-readable.
 */
export class Console {
  constructor(readonly options: GlobalOptions) {}

  log(level: LogLevel, message: string): void {
    if (LEVELS[level] < LEVELS[this.options.logLevel]) return;
    process.stderr.write(this.options.output === 'json' ? `${JSON.stringify({ level, message, time: new Date().toISOString() })}\n` : `${message}\n`);
  }

  /** The command's result: `text` for people, `data` for `--output json`. */
  result(text: string, data: unknown): void {
    process.stdout.write(this.options.output === 'json' ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
  }

  /** Prints an error and returns the exit code it maps to. */
  failure(error: unknown): number {
    const code = exitCodeOf(error);
    if (this.options.output === 'json') {
      const e = error instanceof StrataError ? error : undefined;
      process.stdout.write(
        `${JSON.stringify({ error: { kind: e?.kind ?? 'internal', message: (error as Error).message ?? String(error), problems: e?.problems ?? [] } }, null, 2)}\n`,
      );
    } else {
      process.stderr.write(`error: ${formatError(error)}\n`);
      if (code === 1 && error instanceof Error && this.options.logLevel === 'debug') process.stderr.write(`${error.stack}\n`);
    }
    return code;
  }
}
