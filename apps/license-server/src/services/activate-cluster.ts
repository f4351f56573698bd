import { ConflictError, NotAllowedError, NotFoundError } from '@strata/errors';
import { sameSecret } from '../http/admin-auth';
import { evaluate, type Evaluation } from '@strata/licensing';
import { hashSecret, newSecret } from '../store/admin-repo';
import type { Activation } from '../store/model';
import type { ServiceContext } from './context';

/**
 * Binds a cluster to a license this server issued. The license must verify and must not be
 * revoked; a cluster that was activated under another license moves to this one.
 *
 * The answer carries `activationSecret`, a fresh 256-bit secret shown only this once (only
 * its hash is stored): usage reports for the cluster must present it, so knowing a cluster
 * id is not enough to move its count. Activating again issues a new secret and retires the
 * old one. Moving a cluster that is activated under another license needs that activation's
 * current secret (`currentSecret`), so one customer's license cannot take over another
 * customer's cluster id.
 */
export async function activateCluster(
  ctx: ServiceContext,
  input: { license: string; clusterId: string },
  currentSecret?: string,
): Promise<{ activation: Activation; activationSecret: string; evaluation: Evaluation }> {
  const now = ctx.now();
  const verification = ctx.verifier.verify(input.license, now);
  if (!verification.ok) throw new NotAllowedError(`the license is not valid: ${verification.reason}`);
  const record = await ctx.store.licenses.find(verification.claims.licenseId);
  if (!record) throw new NotFoundError(`license ${verification.claims.licenseId} was not issued by this server`);
  if (record.revokedAt) throw new NotAllowedError(`license ${record.id} was revoked (${record.revokeReason ?? 'no reason given'})`);
  const existing = await ctx.store.activations.find(input.clusterId);
  if (existing && existing.licenseId !== record.id) {
    const expected = (await ctx.store.activations.secretHash(input.clusterId)) ?? '';
    if (!currentSecret || !sameSecret(hashSecret(currentSecret), expected)) {
      throw new ConflictError(
        `cluster ${input.clusterId} is activated under another license; send its current activation secret (Authorization: Bearer <activationSecret>) to move it`,
      );
    }
  }
  const activationSecret = newSecret('sact');
  const activation = await ctx.store.activations.activate(input.clusterId, record.id, hashSecret(activationSecret), now);
  const nodes = (await ctx.store.usage.latestByLicense(record.id)).reduce((sum, c) => sum + c.nodes, 0);
  return { activation, activationSecret, evaluation: evaluate(verification, { nodes, now }) };
}
