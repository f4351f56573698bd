import { evaluate } from '@strata/licensing';
import type { ServiceContext } from './context';

/**
 * Moves a license's stored over-limit state from what authenticated usage reports say: the
 * first time the reported clusters together exceed the license, the time is stored (so the
 * grace deadline is fixed); once they are back within it, the mark is cleared. Only this
 * function writes the state, and only report-usage calls it, so nothing an anonymous caller
 * sends can start or stop a grace period.
 */
export async function trackOverLimit(ctx: ServiceContext, licenseId: string, now: Date): Promise<void> {
  const record = await ctx.store.licenses.find(licenseId);
  if (!record || record.revokedAt) return;
  const verification = ctx.verifier.verify(record.token, now);
  if (!verification.ok) return;
  const nodes = (await ctx.store.usage.latestByLicense(licenseId)).reduce((sum, c) => sum + c.nodes, 0);
  const since = record.overLimitSince ? new Date(record.overLimitSince) : undefined;
  const result = evaluate(verification, { nodes, now, ...(since ? { overLimitSince: since } : {}) });
  const over = result.status === 'OVER_LIMIT' || result.status === 'OVER_LIMIT_GRACE';
  if (over && !since) await ctx.store.licenses.setOverLimitSince(licenseId, now);
  else if (!over && since && nodes <= result.allowedNodes) await ctx.store.licenses.setOverLimitSince(licenseId, null);
}
