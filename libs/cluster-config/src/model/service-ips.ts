import { nthAddress } from '../net/cidr';
import type { Cluster } from '../schema/cluster-schema';

/** The cluster IP of the `kubernetes` Service: the first address of the service network (e.g. 172.30.0.1). */
export function firstServiceIP(cluster: Cluster): string {
  return nthAddress(cluster.spec.networking.serviceCIDR, 1);
}

/** The cluster IP of cluster DNS: by convention the 10th address of the service network (e.g. 172.30.0.10). */
export function clusterDnsIP(cluster: Cluster): string {
  return nthAddress(cluster.spec.networking.serviceCIDR, 10);
}
