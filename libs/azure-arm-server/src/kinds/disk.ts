import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { networkName } from '../names';
import { newEtag, newGuid, refId, sameId } from './common';

/** The VM whose OS disk this is, if any. */
export function diskOwner(world: World, diskId: string): string | undefined {
  return world
    .all()
    .find(
      (r) =>
        r.kind.type === 'Microsoft.Compute/virtualMachines' &&
        sameId(
          refId((((r.properties['storageProfile'] as Json | undefined)?.['osDisk'] as Json | undefined)?.['managedDisk'] as Json | undefined) ?? {}),
          diskId,
        ),
    )?.id;
}

/** Microsoft.Compute/disks (DiskRP 2025-01-02): managed disks, made by VMs for their OS disk and kept after them unless told. */
export const disks: Kind = {
  type: 'Microsoft.Compute/disks',
  apiVersions: API_VERSIONS.disks,
  name: networkName(1, 80),
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  topFields: ['sku', 'zones'],
  prepare({ resource, previous }) {
    const p = resource.properties;
    const creation = p['creationData'] as Json | undefined;
    if (!creation?.['createOption'])
      throw new ArmError(400, 'InvalidParameter', "Required parameter 'creationData.createOption' is missing (null).").withTarget('creationData');
    if (creation['createOption'] === 'Empty' && typeof p['diskSizeGB'] !== 'number') {
      throw new ArmError(400, 'InvalidParameter', "Required parameter 'diskSizeGB' is missing (null).").withTarget('diskSizeGB');
    }
    resource.top['sku'] ??= { name: 'Standard_LRS', tier: 'Standard' };
    p['uniqueId'] = previous?.properties['uniqueId'] ?? newGuid();
    p['timeCreated'] = previous?.properties['timeCreated'] ?? new Date().toISOString();
    if (previous?.top['managedBy']) resource.top['managedBy'] = previous.top['managedBy'];
  },
  derive(resource, world) {
    return { diskState: diskOwner(world, resource.id) ? 'Attached' : 'Unattached' };
  },
  inUse(resource, world) {
    const vm = diskOwner(world, resource.id);
    return vm ? new ArmError(409, 'OperationNotAllowed', `Disk ${resource.name} is attached to VM ${vm}.`) : undefined;
  },
};

/** The OS disk a VM made from an image: stored as a disk resource, attached to the VM. */
export function makeOsDisk(vm: StoredResource, osDisk: Json): StoredResource {
  const managed = osDisk['managedDisk'] as Json;
  const id = String(managed['id']);
  return {
    id,
    name: id.split('/').pop() as string,
    kind: disks,
    resourceGroup: vm.resourceGroup,
    ...(vm.location ? { location: vm.location } : {}),
    top: {
      sku: { name: String(managed['storageAccountType'] ?? 'Premium_LRS') },
      ...(vm.top['zones'] ? { zones: vm.top['zones'] } : {}),
      managedBy: vm.id,
      etag: newEtag(),
    },
    properties: {
      osType: osDisk['osType'] ?? 'Linux',
      hyperVGeneration: 'V2',
      creationData: { createOption: 'FromImage' },
      diskSizeGB: osDisk['diskSizeGB'] ?? 30,
      provisioningState: 'Succeeded',
      uniqueId: newGuid(),
      timeCreated: new Date().toISOString(),
    },
  };
}
