import { ConflictError } from '@strata/errors';
import { signLicense, type LicenseClaims } from '@strata/licensing';
import { newId } from '../store/ids';
import type { LicenseRecord } from '../store/model';
import type { ServiceContext } from './context';

/**
 * Issues a license for an active subscription: its plan, nodes, features, term and grace
 * days, signed with the server's key and stored. A subscription may hold several licenses
 * (a replacement after revocation, a renewal); each has its own id.
 */
export async function issueLicense(ctx: ServiceContext, subscriptionId: string): Promise<LicenseRecord> {
  const subscription = await ctx.store.subscriptions.get(subscriptionId);
  if (subscription.status !== 'active')
    throw new ConflictError(`subscription ${subscriptionId} is ${subscription.status}; only active subscriptions can issue licenses`);
  const customer = await ctx.store.customers.get(subscription.customerId);
  const now = ctx.now();
  if (Date.parse(subscription.endsAt) <= now.getTime())
    throw new ConflictError(`subscription ${subscriptionId} ended on ${subscription.endsAt.slice(0, 10)}; extend its term first`);
  const claims: LicenseClaims = {
    v: 1,
    licenseId: newId('lic'),
    customer: { id: customer.id, name: customer.name },
    subscriptionId: subscription.id,
    plan: subscription.plan,
    nodes: subscription.nodes,
    features: subscription.features,
    issuedAt: now.toISOString(),
    notBefore: subscription.startsAt,
    expiresAt: subscription.endsAt,
    graceDays: subscription.graceDays,
  };
  const token = await signLicense(claims, ctx.signingKey.privateKey, ctx.signingKey.kid);
  return ctx.store.licenses.insert(claims, token, ctx.signingKey.kid);
}
