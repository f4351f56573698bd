import { azureSubnetPlan, cloudPlacement, instanceTypeOf, machinesOf, nthAddress } from '@strata/cluster-config';
import { platformName, stepTags, type DriverContext, type InfraPlan, type PlanStep } from '@strata/driver-api';
import { azureConfig, resourceGroupOf } from './clients';
import { securityRules } from './security-rules';

/** OS disk size per machine type, in GiB (Premium SSD). */
export const OS_DISK_GIB: Record<string, number> = { small: 40, medium: 80, large: 120 };

/** Flatcar on the Azure Marketplace: the free offer, one SKU per channel (Gen2 images). https://www.flatcar.org/docs/latest/installing/cloud/azure/ */
export const FLATCAR_PUBLISHER = 'kinvolk';
export const FLATCAR_OFFER = 'flatcar-container-linux-free';

/** The availability zones the control plane spreads over, round-robin by index. */
export const CONTROL_PLANE_ZONES = ['1', '2', '3'];

/** Address of the internal API load balancer's frontend in the control-plane subnet (Azure keeps .0-.3; machines start at .10). */
export const INTERNAL_API_ADDRESS_INDEX = 5;

/** The subnets of the virtual network, by role. */
export const SUBNET_NAMES = { controlPlane: 'control-plane', worker: 'worker' } as const;

/**
 * The Azure infrastructure of a cluster, pure and deterministic: the resource group, a
 * network security group per role, the virtual network on machineCIDR with a control-plane
 * and a worker subnet, a public IP and a Standard public load balancer for `api`, a
 * Standard internal load balancer for `api-int`, the private DNS zone of the cluster and its
 * link to the network, the `api` and `api-int` records, and per machine a NIC and a VM.
 */
export function azurePlan(ctx: DriverContext): InfraPlan {
  const cluster = ctx.cluster;
  const name = cluster.metadata.name;
  const id = ctx.clusterId;
  const config = azureConfig(cluster);
  const nm = (kind: string, suffix: string) => platformName('azure', kind, name, id, suffix);
  const steps: PlanStep[] = [];
  const step = (stepId: string, kind: string, stepName: string, dependsOn: string[], spec: Record<string, unknown>) =>
    steps.push({ id: stepId, kind, name: stepName, dependsOn, spec, tags: stepTags(ctx.tags, stepId) });
  const subnets = azureSubnetPlan(cluster);
  const rg = 'resource-group/main';

  step(rg, 'resource-group', resourceGroupOf(cluster), [], { location: config.location, named: config.resourceGroup !== undefined });
  const rules = securityRules(cluster);
  step('network/nsg-control-plane', 'network-security-group', nm('network-security-group', 'control-plane'), [rg], { rules: rules.controlPlane });
  step('network/nsg-worker', 'network-security-group', nm('network-security-group', 'worker'), [rg], { rules: rules.worker });
  step('network/vnet', 'virtual-network', nm('virtual-network', 'vnet'), [rg, 'network/nsg-control-plane', 'network/nsg-worker'], {
    cidr: cluster.spec.networking.machineCIDR,
    subnets: [
      { name: SUBNET_NAMES.controlPlane, cidr: subnets.controlPlane, securityGroup: 'network/nsg-control-plane' },
      { name: SUBNET_NAMES.worker, cidr: subnets.worker, securityGroup: 'network/nsg-worker' },
    ],
  });
  step('load-balancer/api-ip', 'public-ip', nm('public-ip', 'api'), [rg], { zones: CONTROL_PLANE_ZONES });
  step('load-balancer/api', 'load-balancer', nm('load-balancer', 'api'), [rg, 'load-balancer/api-ip'], {
    publicIp: 'load-balancer/api-ip',
    port: 6443,
  });
  step('load-balancer/api-internal', 'load-balancer', nm('load-balancer', 'api-internal'), [rg, 'network/vnet'], {
    subnet: SUBNET_NAMES.controlPlane,
    privateIp: nthAddress(subnets.controlPlane, INTERNAL_API_ADDRESS_INDEX),
    zones: CONTROL_PLANE_ZONES,
    port: 6443,
  });
  const domain = `${name}.${cluster.spec.baseDomain ?? ''}`;
  step('dns/private-zone', 'private-dns-zone', domain, [rg], {});
  step('dns/private-zone-link', 'private-dns-link', nm('virtual-network-link', 'vnet'), ['dns/private-zone', 'network/vnet'], { zone: domain });
  step('dns/api-int', 'dns-record', `api-int.${domain}`, ['dns/private-zone', 'load-balancer/api-internal'], {
    zone: domain,
    relativeName: 'api-int',
    private: true,
    target: 'load-balancer/api-internal',
  });
  step('dns/api', 'dns-record', `api.${domain}`, ['load-balancer/api-ip', 'load-balancer/api'], {
    zone: cluster.spec.baseDomain ?? '',
    relativeName: `api.${name}`,
    private: false,
    target: 'load-balancer/api-ip',
  });

  const placement = cloudPlacement(cluster);
  const image = config.imageReference ?? { publisher: FLATCAR_PUBLISHER, offer: FLATCAR_OFFER, sku: `${cluster.spec.os.channel}-gen2`, version: 'latest' };
  // Marketplace images of Flatcar's publisher are sold under a plan the VM must name.
  const plan = image.publisher === FLATCAR_PUBLISHER ? { name: image.sku, product: image.offer, publisher: image.publisher } : undefined;
  const sshKeys = [...(cluster.spec.sshAuthorizedKeys ?? [])];
  for (const [i, m] of machinesOf(cluster).entries()) {
    const pool = m.role === 'control-plane' ? cluster.spec.controlPlane : cluster.spec.workers.find((w) => w.name === m.pool);
    const machineType = pool?.machineType ?? 'medium';
    const cp = m.role === 'control-plane';
    const nic = `nic/${m.name}`;
    step(
      nic,
      'network-interface',
      nm('network-interface', `nic-${m.name}`),
      ['network/vnet', ...(cp ? ['load-balancer/api', 'load-balancer/api-internal'] : [])],
      {
        subnet: cp ? SUBNET_NAMES.controlPlane : SUBNET_NAMES.worker,
        // The address the certificates and etcd peer URLs name (see cloudPlacement).
        privateIp: placement[i]?.address ?? '',
        backendPools: cp ? ['load-balancer/api', 'load-balancer/api-internal'] : [],
      },
    );
    step(`machine/${m.name}`, 'machine', m.name, [nic], {
      role: m.role,
      pool: m.pool,
      networkInterface: nic,
      vmSize: instanceTypeOf(cluster, machineType),
      zone: cp ? (CONTROL_PLANE_ZONES[m.index % CONTROL_PLANE_ZONES.length] ?? '') : '',
      osDiskGiB: OS_DISK_GIB[machineType] ?? 80,
      image,
      ...(plan ? { plan } : {}),
      sshKeys,
    });
  }
  return { cluster: name, platform: 'azure', steps };
}
