import { statfsSync } from 'node:fs';
import { MACHINE_TYPE_TABLE, MACHINE_TYPES, type MachineType } from '@strata/cluster-config';

/** What the Node advertises as its size: `status.capacity` and the instance-type label. */
export interface MachineSize {
  instanceType: string;
  capacity: Record<string, string>;
}

export { MACHINE_TYPES };
export type { MachineType };

/** The kubelet's default `maxPods`. */
export const MAX_PODS = 110;

/** Total size of the filesystem holding `root`, in Ki (the kubelet's unit for ephemeral storage). */
function ephemeralStorage(root: string): string {
  try {
    const fs = statfsSync(root);
    return `${Math.floor((Number(fs.blocks) * Number(fs.bsize)) / 1024)}Ki`;
  } catch {
    return '100Gi';
  }
}

/**
 * The size of a local machine of `machineType`: CPU and memory from the local entry of
 * the machine type table (a local machine is a process on this host, so this is the
 * capacity the Node advertises to the scheduler, not a limit), pods as the kubelet's
 * default, ephemeral storage from the filesystem that holds the root.
 */
export function machineSize(machineType: MachineType, root: string): MachineSize {
  const size = MACHINE_TYPE_TABLE.local[machineType];
  return {
    instanceType: size.name,
    capacity: {
      cpu: String(size.vcpus),
      memory: `${size.memoryGiB}Gi`,
      pods: String(MAX_PODS),
      'ephemeral-storage': ephemeralStorage(root),
    },
  };
}
