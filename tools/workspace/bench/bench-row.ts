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

/** The `p`th percentile of `values` (nearest rank); `percentile(v, 50)` is the median. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
