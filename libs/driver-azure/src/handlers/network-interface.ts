import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call, callOrGone } from '../errors';
import { input, ownedAndDone } from '../arm';
import { changing, fromListing } from '../snapshot';
import { SUBNET_NAMES } from '../plan';
import { azureTags } from '../tags';
import { deleteWhenFree } from '../wait';

const Spec = z.object({ subnet: z.string(), privateIp: z.string(), backendPools: z.array(z.string()) });

/**
 * A machine's network interface: its role's subnet, the fixed private address the
 * certificates name, and for the control plane the backend pools of both API load
 * balancers. Its own step, so that the machine step owns exactly one resource (the VM).
 */
export const networkInterfaceHandler = defineHandler({
  spec: Spec,
  outputs: z.strictObject({ networkInterfaceId: z.string().startsWith('/subscriptions/'), privateIp: z.string() }),
  async find(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const found = await fromListing(
      ctx,
      step,
      'network interfaces',
      () => network.networkInterfaces.list(resourceGroup),
      () => callOrGone(`finding network interface ${step.name}`, () => network.networkInterfaces.get(resourceGroup, step.name)),
    );
    const nic = ownedAndDone(ctx, step, found);
    return nic?.id ? { networkInterfaceId: nic.id, privateIp: nic.ipConfigurations?.[0]?.privateIPAddress ?? '' } : undefined;
  },
  create: (ctx, step, spec, inputs) =>
    changing(ctx, step, async () => {
      const { network, resourceGroup, location } = azureClients(ctx.cluster, ctx.credential);
      const subnet = input(inputs, 'network/vnet', spec.subnet === SUBNET_NAMES.controlPlane ? 'controlPlaneSubnetId' : 'workerSubnetId');
      const nic = await call(`creating network interface ${step.name}`, () =>
        network.networkInterfaces.beginCreateOrUpdateAndWait(
          resourceGroup,
          step.name,
          {
            location,
            tags: azureTags(step),
            ipConfigurations: [
              {
                name: 'primary',
                primary: true,
                privateIPAllocationMethod: 'Static',
                privateIPAddress: spec.privateIp,
                privateIPAddressVersion: 'IPv4',
                subnet: { id: subnet },
                loadBalancerBackendAddressPools: spec.backendPools.map((pool) => ({ id: input(inputs, pool, 'backendPoolId') })),
              },
            ],
          },
          lro(),
        ),
      );
      return { networkInterfaceId: nic.id ?? '', privateIp: nic.ipConfigurations?.[0]?.privateIPAddress ?? spec.privateIp };
    }),
  async delete(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    // Held by its VM until the VM's delete has finished.
    await changing(ctx, step, () =>
      deleteWhenFree(`deleting network interface ${step.name}`, () => network.networkInterfaces.beginDeleteAndWait(resourceGroup, step.name, lro())),
    );
  },
  // Each create is one PUT and a long-running operation the SDK's poller waits on: many
  // wait at once (ARM's write limits are per subscription and far above this), instead of
  // eight at a time.
  createConcurrency: 64,
  deletesFromOutputs: true,
  deleteConcurrency: 64,
});
