/**
 * Portable machine sizes. A Cluster document names `small`, `medium` or `large`; each
 * platform maps the name to a real instance type, VM size or flavor here, and a
 * document may override the mapping per platform (`aws.instanceTypes`,
 * `azure.vmSizes`, `openstack.flavors`).
 */
import type { PlatformName } from './platform-names';

/** The portable machine type names. */
export const MACHINE_TYPES = ['small', 'medium', 'large'] as const;

/** One portable machine type name. */
export type MachineType = (typeof MACHINE_TYPES)[number];

/** What a machine type means on one platform. */
export interface MachineSize {
  /** The platform's own name: AWS instance type, Azure VM size, OpenStack flavor. */
  name: string;
  vcpus: number;
  memoryGiB: number;
}

/**
 * The built-in mapping. AWS and Azure use current general-purpose families (4 GiB per
 * vCPU); OpenStack uses the classic `m1.*` flavors that Nova deployments and DevStack
 * create by default. Local machines are processes on this host: their entry is the
 * capacity the machine's Node advertises, not a limit.
 */
export const MACHINE_TYPE_TABLE: Readonly<Record<PlatformName, Readonly<Record<MachineType, MachineSize>>>> = {
  local: {
    small: { name: 'local-small', vcpus: 2, memoryGiB: 8 },
    medium: { name: 'local-medium', vcpus: 4, memoryGiB: 16 },
    large: { name: 'local-large', vcpus: 8, memoryGiB: 32 },
  },
  aws: {
    small: { name: 'm6i.large', vcpus: 2, memoryGiB: 8 },
    medium: { name: 'm6i.xlarge', vcpus: 4, memoryGiB: 16 },
    large: { name: 'm6i.2xlarge', vcpus: 8, memoryGiB: 32 },
  },
  azure: {
    small: { name: 'Standard_D2s_v5', vcpus: 2, memoryGiB: 8 },
    medium: { name: 'Standard_D4s_v5', vcpus: 4, memoryGiB: 16 },
    large: { name: 'Standard_D8s_v5', vcpus: 8, memoryGiB: 32 },
  },
  openstack: {
    small: { name: 'm1.medium', vcpus: 2, memoryGiB: 4 },
    medium: { name: 'm1.large', vcpus: 4, memoryGiB: 8 },
    large: { name: 'm1.xlarge', vcpus: 8, memoryGiB: 16 },
  },
};
