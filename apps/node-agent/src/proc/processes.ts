import { readFileSync } from 'node:fs';
import { isProcessRunning } from '@strata/toolchain';

/** True while `pid` runs (zombies count as ended). */
export const isRunning = isProcessRunning;

/** The command line of `pid`, arguments joined by spaces, or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}
