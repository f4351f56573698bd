import { localUsableAddresses, parseCidr, nthAddress } from '../net/cidr';
import type { Cluster } from '../schema/cluster-schema';
import { machinesOf } from './machines';

/** Loopback addresses of a local cluster. */
export interface LocalAddressPlan {
  /** Where the API endpoint (the local load balancer in front of the control plane) listens. */
  apiAddress: string;
  apiPort: number;
  /** One address per machine, in `machinesOf` order. */
  machines: { name: string; address: string }[];
}

export { localUsableAddresses };

/**
 * Allocates the addresses of a local cluster from `spec.platform.local.addressRange`: the
 * first host address is the API endpoint, the next ones go to the machines in order.
 * Validation guarantees the range is large enough.
 */
export function localAddressPlan(cluster: Cluster): LocalAddressPlan {
  const local = cluster.spec.platform.local;
  if (!local) throw new TypeError(`cluster ${cluster.metadata.name} does not run on the local platform`);
  const range = parseCidr(local.addressRange);
  const first = range.prefix >= 31 ? 0 : 1;
  return {
    apiAddress: nthAddress(range, first),
    apiPort: local.apiPort,
    machines: machinesOf(cluster).map((machine, i) => ({ name: machine.name, address: nthAddress(range, first + 1 + i) })),
  };
}
