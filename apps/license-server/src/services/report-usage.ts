import type { UsageReport } from '../store/model';
import type { ServiceContext } from './context';

/**
 * Records a cluster's node count once per report id. The report is attributed to the
 * license the cluster is activated under at the time it arrives.
 */
export async function reportUsage(
  ctx: ServiceContext,
  input: { reportId: string; clusterId: string; nodes: number; observedAt: Date },
): Promise<{ report: UsageReport; duplicate: boolean }> {
  const now = ctx.now();
  const activation = await ctx.store.activations.find(input.clusterId);
  const result = await ctx.store.usage.record(input, activation?.licenseId ?? null, now);
  if (activation && !result.duplicate) await ctx.store.activations.touch(input.clusterId, now);
  return result;
}
