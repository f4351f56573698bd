import { evaluate, type Evaluation, type LicenseVerification } from '@strata/licensing';
import type { ServiceContext } from './context';

/** A product's question: is this license (or none) good for this many nodes? */
export interface ValidationRequest {
  /** The license token, or nothing for a platform on the free tier. */
  license?: string;
  /** The asking cluster; its latest usage report is used when `nodes` is not given. */
  clusterId?: string;
  /** The asking cluster's node count right now. */
  nodes?: number;
}

/** The answer, with the license's online state. */
export interface ValidationResult extends Evaluation {
  /** Whether this server issued the license (only then can it be revoked and tracked). */
  known: boolean;
  checkedAt: Date;
}

/** The asking cluster's own node count: from the request, else its latest report, else 0. */
async function ownNodes(ctx: ServiceContext, request: ValidationRequest): Promise<number> {
  if (request.nodes !== undefined) return request.nodes;
  if (request.clusterId) return (await ctx.store.usage.latestForCluster(request.clusterId))?.nodes ?? 0;
  return 0;
}

/**
 * Answers the validation endpoint: verifies the license offline with the trusted keys,
 * applies the server's online knowledge (revocation, usage of all activated clusters, when
 * the license went over its limit) and evaluates. The endpoint is anonymous, so it only
 * reads: a `nodes` it is given shapes this answer but never the stored over-limit state,
 * which only authenticated usage reports move (see over-limit.ts).
 */
export async function validateLicense(ctx: ServiceContext, request: ValidationRequest): Promise<ValidationResult> {
  const now = ctx.now();
  if (request.license === undefined) {
    return { ...evaluate(null, { nodes: await ownNodes(ctx, request), now }), known: false, checkedAt: now };
  }
  const verification: LicenseVerification = ctx.verifier.verify(request.license, now);
  if (!verification.ok) return { ...evaluate(verification, { nodes: await ownNodes(ctx, request), now }), known: false, checkedAt: now };

  // Nodes count across every cluster activated under the license (each one's latest report),
  // with the asking cluster's own count taken from the request when given.
  const licenseId = verification.claims.licenseId;
  const record = await ctx.store.licenses.standing(licenseId, request.clusterId);
  const nodes = (record?.otherClustersNodes ?? 0) + (await ownNodes(ctx, request));
  const revoked = record?.revokedAt ? { reason: record.revokeReason ?? 'no reason given' } : undefined;
  const since = record?.overLimitSince ? new Date(record.overLimitSince) : undefined;
  const result = evaluate(verification, { nodes, now, revoked, overLimitSince: since });
  return { ...result, known: record !== undefined, checkedAt: now };
}
