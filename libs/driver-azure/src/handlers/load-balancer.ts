import { z } from 'zod';
import { defineHandler, type DriverContext, type PlanStep } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call } from '../errors';
import { findOwned, input, resourceId } from '../arm';
import { SUBNET_NAMES } from '../plan';
import { azureTags } from '../tags';
import { deleteWhenFree } from '../wait';

/** Names of the load balancer's parts; one of each. */
export const LB_PARTS = { frontend: 'api', pool: 'control-plane', probe: 'api-readyz', rule: 'api' } as const;

const Spec = z.object({
  port: z.number().int(),
  /** The public IP step of a public load balancer. */
  publicIp: z.string().optional(),
  /** The subnet and fixed address of an internal load balancer's frontend. */
  subnet: z.string().optional(),
  privateIp: z.string().optional(),
  zones: z.array(z.string()).optional(),
});
type Spec = z.infer<typeof Spec>;

const Outputs = z.strictObject({
  loadBalancerId: z.string().startsWith('/subscriptions/'),
  backendPoolId: z.string().startsWith('/subscriptions/'),
  /** The frontend's private address (internal load balancers); empty for a public one. */
  frontendAddress: z.string(),
});

function outputsOf(lb: { id?: string; backendAddressPools?: { id?: string; name?: string }[]; frontendIPConfigurations?: { privateIPAddress?: string }[] }) {
  const pool = lb.backendAddressPools?.find((p) => p.name === LB_PARTS.pool)?.id;
  if (!lb.id || !pool) return undefined;
  return { loadBalancerId: lb.id, backendPoolId: pool, frontendAddress: lb.frontendIPConfigurations?.[0]?.privateIPAddress ?? '' };
}

/** The load balancer's model: one frontend, the control-plane pool, an HTTPS probe of `/readyz` and a TCP rule on the API port. */
export function loadBalancerModel(ctx: DriverContext, step: PlanStep, spec: Spec, frontend: Record<string, unknown>) {
  const { location } = azureClients(ctx.cluster, ctx.credential);
  const id = resourceId(ctx, 'Microsoft.Network/loadBalancers', step.name);
  const part = (kind: string, name: string) => ({ id: `${id}/${kind}/${name}` });
  return {
    location,
    tags: azureTags(step),
    sku: { name: 'Standard', tier: 'Regional' },
    frontendIPConfigurations: [{ name: LB_PARTS.frontend, ...frontend }],
    backendAddressPools: [{ name: LB_PARTS.pool }],
    probes: [{ name: LB_PARTS.probe, protocol: 'Https', port: spec.port, requestPath: '/readyz', intervalInSeconds: 5, numberOfProbes: 2, probeThreshold: 2 }],
    loadBalancingRules: [
      {
        name: LB_PARTS.rule,
        protocol: 'Tcp',
        frontendPort: spec.port,
        backendPort: spec.port,
        frontendIPConfiguration: part('frontendIPConfigurations', LB_PARTS.frontend),
        backendAddressPool: part('backendAddressPools', LB_PARTS.pool),
        probe: part('probes', LB_PARTS.probe),
        idleTimeoutInMinutes: 30,
        enableFloatingIP: false,
        loadDistribution: 'Default',
      },
    ],
  };
}

/**
 * A Standard load balancer in front of the control plane: the public one for `api` (its
 * frontend the public IP) and the internal one for `api-int` (a fixed address in the
 * control-plane subnet, zone-redundant). The control-plane NICs join its pool.
 */
export const loadBalancerHandler = defineHandler({
  spec: Spec,
  outputs: Outputs,
  async find(ctx, step, spec) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const lb = await findOwned(ctx, step, 'load balancer', () => network.loadBalancers.get(resourceGroup, step.name));
    if (!lb || !(lb.loadBalancingRules ?? []).some((r) => r.frontendPort === spec.port)) return undefined;
    return outputsOf(lb);
  },
  async create(ctx, step, spec, inputs) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const what = `creating load balancer ${step.name}`;
    const frontend = spec.publicIp
      ? { publicIPAddress: { id: input(inputs, spec.publicIp, 'publicIpId') } }
      : {
          subnet: { id: input(inputs, 'network/vnet', spec.subnet === SUBNET_NAMES.worker ? 'workerSubnetId' : 'controlPlaneSubnetId') },
          privateIPAllocationMethod: 'Static',
          privateIPAddress: spec.privateIp,
          privateIPAddressVersion: 'IPv4',
          ...(spec.zones ? { zones: spec.zones } : {}),
        };
    const lb = await call(what, () =>
      network.loadBalancers.beginCreateOrUpdateAndWait(resourceGroup, step.name, loadBalancerModel(ctx, step, spec, frontend), lro()),
    );
    const outputs = outputsOf(lb);
    if (!outputs) throw new Error(`${what}: Azure answered without the backend pool ${LB_PARTS.pool}`);
    return spec.publicIp ? outputs : { ...outputs, frontendAddress: outputs.frontendAddress || (spec.privateIp ?? '') };
  },
  async delete(ctx, step) {
    const { network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    // Held by the NICs in its pool until they are gone.
    await deleteWhenFree(`deleting load balancer ${step.name}`, () => network.loadBalancers.beginDeleteAndWait(resourceGroup, step.name, lro()));
  },
  deletesFromOutputs: true,
});
