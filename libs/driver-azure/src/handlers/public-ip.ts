import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call } from '../errors';
import { findOwned } from '../arm';
import { azureTags } from '../tags';
import { deleteWhenFree } from '../wait';

/** The static, zone-redundant Standard public IP of the API load balancer. */
export const publicIpHandler = defineHandler({
  spec: z.object({ zones: z.array(z.string()) }),
  outputs: z.strictObject({ publicIpId: z.string().startsWith('/subscriptions/'), ipAddress: z.string() }),
  async find(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const ip = await findOwned(ctx, step, 'public IP', () => network.publicIPAddresses.get(resourceGroup, step.name));
    return ip?.id ? { publicIpId: ip.id, ipAddress: ip.ipAddress ?? '' } : undefined;
  },
  async create(ctx, step, spec) {
    const { network, resourceGroup, location } = azureClients(ctx.cluster, ctx.credential);
    const ip = await call(`creating public IP ${step.name}`, () =>
      network.publicIPAddresses.beginCreateOrUpdateAndWait(
        resourceGroup,
        step.name,
        {
          location,
          tags: azureTags(step),
          sku: { name: 'Standard', tier: 'Regional' },
          publicIPAllocationMethod: 'Static',
          publicIPAddressVersion: 'IPv4',
          zones: spec.zones,
        },
        lro(),
      ),
    );
    return { publicIpId: ip.id ?? '', ipAddress: ip.ipAddress ?? '' };
  },
  async delete(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    // Held by the load balancer's frontend until that is gone.
    await deleteWhenFree(`deleting public IP ${step.name}`, () => network.publicIPAddresses.beginDeleteAndWait(resourceGroup, step.name, lro()));
  },
  deletesFromOutputs: true,
});
