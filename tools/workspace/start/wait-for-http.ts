import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `url` until it answers 2xx; fails early when the process behind it died. */
export async function waitForHttp(url: string, options: { timeoutMs: number; alive: () => boolean; logFile: string }): Promise<void> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  while (!deadline.aborted) {
    if (!options.alive()) {
      const log = existsSync(options.logFile) ? readFileSync(options.logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`the process serving ${url} exited before it was healthy:\n${log}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  throw new Error(`${url} did not become healthy within ${options.timeoutMs / 1000} s (log: ${options.logFile})`);
}
