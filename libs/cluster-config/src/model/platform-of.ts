import type { Cluster } from '../schema/cluster-schema';
import type { AwsPlatform, AzurePlatform, LocalPlatform, OpenStackPlatform } from '../schema/types';
import { MACHINE_TYPE_TABLE, type MachineType } from '../catalog/machine-types';

/** The platform section a cluster runs on, tagged with its name. */
export type SelectedPlatform =
  | { name: 'local'; config: LocalPlatform }
  | { name: 'aws'; config: AwsPlatform }
  | { name: 'azure'; config: AzurePlatform }
  | { name: 'openstack'; config: OpenStackPlatform };

/** The one platform a validated cluster sets. */
export function platformOf(cluster: Cluster): SelectedPlatform {
  const { local, aws, azure, openstack } = cluster.spec.platform;
  if (local) return { name: 'local', config: local };
  if (aws) return { name: 'aws', config: aws };
  if (azure) return { name: 'azure', config: azure };
  if (openstack) return { name: 'openstack', config: openstack };
  throw new TypeError('the cluster sets no platform; validate it with parseCluster or validateCluster first');
}

/**
 * The platform's own name for a machine type (AWS instance type, Azure VM size, OpenStack
 * flavor, local capacity class), honouring the document's overrides.
 */
export function instanceTypeOf(cluster: Cluster, machineType: MachineType): string {
  const platform = platformOf(cluster);
  const builtIn = MACHINE_TYPE_TABLE[platform.name][machineType].name;
  switch (platform.name) {
    case 'aws':
      return platform.config.instanceTypes[machineType] ?? builtIn;
    case 'azure':
      return platform.config.vmSizes[machineType] ?? builtIn;
    case 'openstack':
      return platform.config.flavors[machineType] ?? builtIn;
    default:
      return builtIn;
  }
}
