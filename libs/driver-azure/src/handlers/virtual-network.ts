import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call } from '../errors';
import { findOwned, input } from '../arm';
import { SUBNET_NAMES } from '../plan';
import { azureTags } from '../tags';
import { deleteWhenFree } from '../wait';

const Spec = z.object({
  cidr: z.string(),
  subnets: z.array(z.object({ name: z.string(), cidr: z.string(), securityGroup: z.string() })),
});
const Outputs = z.strictObject({
  virtualNetworkId: z.string().startsWith('/subscriptions/'),
  controlPlaneSubnetId: z.string().startsWith('/subscriptions/'),
  workerSubnetId: z.string().startsWith('/subscriptions/'),
});

function outputsOf(vnet: { id?: string; subnets?: { name?: string; id?: string }[] }) {
  const subnet = (name: string) => vnet.subnets?.find((s) => s.name === name)?.id;
  const controlPlane = subnet(SUBNET_NAMES.controlPlane);
  const worker = subnet(SUBNET_NAMES.worker);
  if (!vnet.id || !controlPlane || !worker) return undefined;
  return { virtualNetworkId: vnet.id, controlPlaneSubnetId: controlPlane, workerSubnetId: worker };
}

/**
 * The virtual network on machineCIDR with its two subnets, each with its role's network
 * security group, in one PUT (subnets inline, as ARM recommends, so a later PUT of the
 * network does not remove them). `defaultOutboundAccess` is kept on: the machines reach
 * the Internet (images, updates) without a NAT gateway.
 */
export const virtualNetworkHandler = defineHandler({
  spec: Spec,
  outputs: Outputs,
  async find(ctx, step, spec) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const vnet = await findOwned(ctx, step, 'virtual network', () => network.virtualNetworks.get(resourceGroup, step.name));
    if (!vnet || (vnet.subnets ?? []).length < spec.subnets.length) return undefined;
    return outputsOf(vnet);
  },
  async create(ctx, step, spec, inputs) {
    const { network, resourceGroup, location } = azureClients(ctx.cluster, ctx.credential);
    const what = `creating virtual network ${step.name}`;
    const vnet = await call(what, () =>
      network.virtualNetworks.beginCreateOrUpdateAndWait(
        resourceGroup,
        step.name,
        {
          location,
          tags: azureTags(step),
          addressSpace: { addressPrefixes: [spec.cidr] },
          subnets: spec.subnets.map((s) => ({
            name: s.name,
            addressPrefix: s.cidr,
            networkSecurityGroup: { id: input(inputs, s.securityGroup, 'networkSecurityGroupId') },
            defaultOutboundAccess: true,
          })),
        },
        lro(),
      ),
    );
    const outputs = outputsOf(vnet);
    if (!outputs) throw new Error(`${what}: Azure answered without the subnets ${spec.subnets.map((s) => s.name).join(', ')}`);
    return outputs;
  },
  async delete(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    // Its subnets are held by NICs and the internal load balancer until they are gone.
    await deleteWhenFree(`deleting virtual network ${step.name}`, () => network.virtualNetworks.beginDeleteAndWait(resourceGroup, step.name, lro()));
  },
  deletesFromOutputs: true,
});
