import { InputError, UnauthenticatedError } from '@strata/errors';
import { sameSecret } from '../http/admin-auth';
import { hashSecret } from '../store/admin-repo';
import type { UsageReport } from '../store/model';
import type { ServiceContext } from './context';
import { trackOverLimit } from './over-limit';

/** How far ahead of the server's clock a report may be dated (clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** How old a report may be: a cluster that was offline longer sends a fresh count instead. */
export const MAX_REPORT_AGE_MS = 7 * 86_400_000;

/** The challenge a 401 on usage reports carries. */
export const ACTIVATION_CHALLENGE = 'Bearer realm="strata-license-server", scope="activation"';

/**
 * Records a cluster's node count once per report id. The sender must present the cluster's
 * activation secret (from POST /v1/activations); the report is attributed to the license the
 * cluster is activated under. `observedAt` must lie within the server's clock
 * (at most 5 minutes ahead, at most 7 days old); the count that arrived last is the current one.
 */
export async function reportUsage(
  ctx: ServiceContext,
  input: { reportId: string; clusterId: string; nodes: number; observedAt: Date },
  activationSecret: string | undefined,
): Promise<{ report: UsageReport; duplicate: boolean }> {
  const now = ctx.now();
  if (!activationSecret)
    throw new UnauthenticatedError(
      'usage reports need the activation secret: send Authorization: Bearer <activationSecret from POST /v1/activations>',
      ACTIVATION_CHALLENGE,
    );
  const expected = await ctx.store.activations.secretHash(input.clusterId);
  // Compared as hashes in constant time; an unknown cluster costs the same as a wrong secret.
  if (!sameSecret(hashSecret(activationSecret), expected ?? hashSecret(''))) {
    throw new UnauthenticatedError(
      `the activation secret is not the current one of cluster ${input.clusterId}; activate the cluster again to get a new one`,
      ACTIVATION_CHALLENGE,
    );
  }
  const skew = input.observedAt.getTime() - now.getTime();
  if (skew > MAX_FUTURE_SKEW_MS) {
    throw new InputError('observedAt is in the future', [
      { path: 'observedAt', message: `must not be more than 5 minutes after the server's time (${now.toISOString()})` },
    ]);
  }
  if (-skew > MAX_REPORT_AGE_MS) {
    throw new InputError('observedAt is too old', [{ path: 'observedAt', message: `must be at most 7 days before the server's time (${now.toISOString()})` }]);
  }
  const activation = await ctx.store.activations.find(input.clusterId);
  if (!activation) throw new UnauthenticatedError(`cluster ${input.clusterId} is not activated`, ACTIVATION_CHALLENGE);
  const result = await ctx.store.usage.record(input, activation.licenseId, now);
  if (!result.duplicate) {
    await ctx.store.activations.touch(input.clusterId, now);
    await trackOverLimit(ctx, activation.licenseId, now);
  }
  return result;
}
