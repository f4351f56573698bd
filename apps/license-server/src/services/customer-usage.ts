import type { ClusterUsage } from '../store/model';
import type { ServiceContext } from './context';

/** A customer's usage: the latest count of each activated cluster against the entitlement. */
export interface CustomerUsage {
  customerId: string;
  totalNodes: number;
  /** Nodes the customer's current (unrevoked, unexpired) licenses allow, summed. */
  entitledNodes: number;
  clusters: ClusterUsage[];
}

export async function customerUsage(ctx: ServiceContext, customerId: string): Promise<CustomerUsage> {
  await ctx.store.customers.get(customerId);
  const clusters = await ctx.store.usage.latestByCustomer(customerId);
  const now = ctx.now().getTime();
  const licenses = await ctx.store.licenses.list({ customerId });
  const entitledNodes = licenses
    .filter((l) => !l.revokedAt && Date.parse(l.notBefore) <= now && Date.parse(l.expiresAt) > now)
    .reduce((sum, l) => sum + l.nodes, 0);
  return { customerId, totalNodes: clusters.reduce((sum, c) => sum + c.nodes, 0), entitledNodes, clusters };
}
