import type { Command } from 'commander';
import { Console, type GlobalOptions, type LogLevel, type OutputFormat } from './output';

/** What every command gets: a way to run its body with consistent output and exit codes. */
export interface CommandContext {
  run(body: (out: Console) => Promise<number>): Promise<void>;
}

export function commandContext(program: Command): CommandContext {
  return {
    async run(body) {
      const raw = program.opts<{ output: string; logLevel: string }>();
      const options: GlobalOptions = { output: raw.output as OutputFormat, logLevel: raw.logLevel as LogLevel };
      const out = new Console(options);
      try {
        process.exitCode = await body(out);
      } catch (error) {
        process.exitCode = out.failure(error);
      }
    },
  };
}
