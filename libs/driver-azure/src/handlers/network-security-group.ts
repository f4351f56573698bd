import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call } from '../errors';
import { findOwned } from '../arm';
import { azureTags } from '../tags';
import { deleteWhenFree } from '../wait';

const Rule = z.object({
  name: z.string(),
  description: z.string(),
  priority: z.number().int(),
  access: z.enum(['Allow', 'Deny']),
  protocol: z.enum(['Tcp', 'Udp', 'Icmp', '*']),
  ports: z.string(),
  source: z.string(),
});

/** A network security group with the inbound rules of one role (see securityRules). */
export const networkSecurityGroupHandler = defineHandler({
  spec: z.object({ rules: z.array(Rule) }),
  outputs: z.strictObject({ networkSecurityGroupId: z.string().startsWith('/subscriptions/') }),
  async find(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const nsg = await findOwned(ctx, step, 'network security group', () => network.networkSecurityGroups.get(resourceGroup, step.name));
    return nsg?.id ? { networkSecurityGroupId: nsg.id } : undefined;
  },
  async create(ctx, step, spec) {
    const { network, resourceGroup, location } = azureClients(ctx.cluster, ctx.credential);
    const nsg = await call(`creating network security group ${step.name}`, () =>
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        resourceGroup,
        step.name,
        {
          location,
          tags: azureTags(step),
          securityRules: spec.rules.map((r) => ({
            name: r.name,
            description: r.description,
            priority: r.priority,
            direction: 'Inbound',
            access: r.access,
            protocol: r.protocol,
            sourceAddressPrefix: r.source,
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: r.ports,
          })),
        },
        lro(),
      ),
    );
    return { networkSecurityGroupId: nsg.id ?? '' };
  },
  async delete(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const what = `deleting network security group ${step.name}`;
    // Held by the subnets until the virtual network is gone.
    await deleteWhenFree(what, () => network.networkSecurityGroups.beginDeleteAndWait(resourceGroup, step.name, lro()));
  },
  deletesFromOutputs: true,
});
