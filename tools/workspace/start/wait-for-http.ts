import { existsSync, readFileSync } from 'node:fs';

/** Polls `url` until it answers 2xx; fails early when the process behind it died. */
export async function waitForHttp(url: string, options: { timeoutMs: number; alive: () => boolean; logFile: string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
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
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become healthy within ${options.timeoutMs / 1000} s (log: ${options.logFile})`);
}
