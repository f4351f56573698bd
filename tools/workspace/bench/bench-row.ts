/** One measured number of a benchmark. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target, in words, e.g. "≤ 20 s". */
  target?: string;
  /** Whether the target is met, when there is one. */
  met?: boolean;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
