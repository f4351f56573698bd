import { cloudPlacement, firstServiceIP, localAddressPlan, machinesOf, platformOf, type Cluster, type Machine } from '@strata/cluster-config';

/** One machine with the address it will have. */
export interface PlacedMachine extends Machine {
  address: string;
}

/**
 * Where a cluster's machines and its API endpoint are, decided before anything is
 * provisioned so that certificates and manifests can name them.
 */
export interface ClusterTopology {
  /** The API endpoint clients use: a load balancer in front of the control plane. */
  apiEndpoint: { host: string; address?: string; port: number; url: string };
  controlPlane: PlacedMachine[];
  workers: PlacedMachine[];
  /** Whether machine addresses are loopback addresses (the local platform). */
  loopback: boolean;
  firstServiceIP: string;
}

export function topologyOf(cluster: Cluster): ClusterTopology {
  const machines = machinesOf(cluster);
  const platform = platformOf(cluster);
  let placed: PlacedMachine[];
  let apiEndpoint: ClusterTopology['apiEndpoint'];
  if (platform.name === 'local') {
    const plan = localAddressPlan(cluster);
    placed = machines.map((m, i) => ({ ...m, address: plan.machines[i]?.address ?? '' }));
    apiEndpoint = { host: plan.apiAddress, address: plan.apiAddress, port: plan.apiPort, url: `https://${plan.apiAddress}:${plan.apiPort}` };
  } else {
    // Fixed private addresses in each machine's subnet (its zone's on AWS), see cloudPlacement.
    const placement = cloudPlacement(cluster);
    placed = machines.map((m, i) => ({ ...m, address: placement[i]?.address ?? '' }));
    const host = `api.${cluster.metadata.name}.${cluster.spec.baseDomain}`;
    apiEndpoint = { host, port: 6443, url: `https://${host}:6443` };
  }
  return {
    apiEndpoint,
    controlPlane: placed.filter((m) => m.role === 'control-plane'),
    workers: placed.filter((m) => m.role === 'worker'),
    loopback: platform.name === 'local',
    firstServiceIP: firstServiceIP(cluster),
  };
}
