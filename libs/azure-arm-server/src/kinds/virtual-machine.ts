import { API_VERSIONS } from '../api-versions';
import { offeredZones, sizeOf, usageIn, type VmSize } from '../catalog';
import { ArmError } from '../errors';
import type { Json, Kind, World } from '../model';
import { RULES } from '../names';
import { checkProvisioned, newGuid, refId, sameId } from './common';
import { diskOwner, makeOsDisk } from './disk';
import { attachedVm } from './network-interface';

/**
 * The documented customData limit (ComputeRP.json, OSProfile.customData): the decoded
 * binary at most 65,535 bytes; Compute words its refusal in base64 characters.
 */
export const CUSTOM_DATA_MAX_BYTES = 65535;

const invalid = (target: string, message: string) => {
  const error = new ArmError(400, 'InvalidParameter', message);
  return error.withTarget(target);
};

function checkCustomData(value: unknown): void {
  if (value === undefined) return;
  const text = String(value);
  const base64 = /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
  if (!base64 || Buffer.from(text, 'base64').length > CUSTOM_DATA_MAX_BYTES) {
    throw invalid(
      'customData',
      `Custom data in OSProfile must be in Base64 encoding and with a maximum length of ${Math.ceil(CUSTOM_DATA_MAX_BYTES / 3) * 4} characters.`,
    );
  }
}

function quotaError(location: string, label: string, limit: number, usage: number, required: number): ArmError {
  const message = `Operation could not be completed as it results in exceeding approved ${label} quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${usage}, Additional Required: ${required}, (Minimum) New Limit Required: ${usage + required}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests`;
  return new ArmError(409, 'OperationNotAllowed', message, [{ code: 'QuotaExceeded', message }]);
}

/** Refuses a VM that would take the location's vCPU use (regional or family) past its quota. */
function checkQuota(world: World, sizes: VmSize[], size: VmSize, location: string, replacing: VmSize | undefined): void {
  const used = usageIn(world, sizes, location);
  const checks: [string, string, number][] = [
    ['cores', 'Total Regional Cores', size.vCPUs - (replacing?.vCPUs ?? 0)],
    [size.family, size.family, size.vCPUs - (replacing?.family === size.family ? replacing.vCPUs : 0)],
  ];
  for (const [name, label, required] of checks) {
    if (required <= 0) continue;
    const limit = world.quota(location, name);
    const usage = used.get(name) ?? 0;
    if (usage + required > limit) throw quotaError(location, label, limit, usage, required);
  }
}

/** Microsoft.Compute/virtualMachines (ComputeRP.json 2026-03-01); VM sizes from the server's catalogue. */
export const virtualMachines: Kind = {
  type: 'Microsoft.Compute/virtualMachines',
  apiVersions: API_VERSIONS.compute,
  name: RULES.virtualMachine,
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Creating',
  updatingState: 'Updating',
  topFields: ['zones', 'plan', 'identity', 'extendedLocation', 'placement'],
  prepare({ world, resource, previous }) {
    const sizes = world.vmSizes;
    const p = resource.properties;
    const location = resource.location as string;
    const sizeName = String((p['hardwareProfile'] as Json | undefined)?.['vmSize'] ?? '');
    const size = sizeOf(sizes, sizeName);
    if (!size)
      throw invalid(
        'vmSize',
        `The value ${sizeName || 'null'} provided for the VM size is not valid. The valid sizes in the current region are: ${sizes.map((s) => s.name).join(',')}. Find out more on the available VM sizes in each region at https://aka.ms/azure-regions.`,
      );
    const zones = offeredZones(world, sizes, size.name, location);
    const wanted = (resource.top['zones'] as string[] | undefined) ?? [];
    if (!zones || wanted.some((z) => !zones.includes(z))) {
      throw new ArmError(
        409,
        'SkuNotAvailable',
        `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${size.name}' is currently not available in location '${location}'${wanted.length ? ` zones '${wanted.join(',')}'` : ''}. Please try another size or deploy to a different location or different zone. See https://aka.ms/azureskunotavailable for details.`,
      );
    }
    if (previous && JSON.stringify(previous.top['zones'] ?? []) !== JSON.stringify(wanted)) {
      throw new ArmError(409, 'PropertyChangeNotAllowed', "Changing property 'zones' is not allowed.").withTarget('zones');
    }
    const os = (p['osProfile'] ??= {}) as Json;
    if (!previous && !os['adminUsername']) throw invalid('adminUsername', "Required parameter 'adminUsername' is missing (null).");
    if (!previous && !os['computerName']) os['computerName'] = resource.name;
    checkCustomData(os['customData']);
    const nics = ((p['networkProfile'] as Json | undefined)?.['networkInterfaces'] ?? []) as Json[];
    if (!nics.length) throw invalid('networkProfile', 'At least one network interface must be specified in the networkProfile.');
    for (const reference of nics) {
      const nicId = refId(reference) as string;
      const nic = world.get(nicId);
      if (!nic) throw new ArmError(400, 'NotFound', `Resource ${nicId} not found.`);
      checkProvisioned(nic, resource.id);
      if (nic.location !== location)
        throw invalid(
          'networkProfile',
          `The network interface ${nicId} is in location ${String(nic.location)}; the virtual machine ${resource.id} is in ${location}. Both must be in the same location.`,
        );
      const owner = attachedVm(world, nicId);
      if (owner && !sameId(owner, resource.id)) {
        throw new ArmError(
          400,
          'NicInUse',
          `Network Interface ${nicId} is used by existing resource ${owner}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
        );
      }
      const reservation = world.nicReservations.get(nicId.toLowerCase());
      if (reservation && reservation.until > Date.now() && !sameId(reservation.vmId, resource.id)) {
        throw new ArmError(
          400,
          'NicReservedForAnotherVm',
          `Nic(s) in request is reserved for another Virtual Machine for ${Math.ceil((reservation.until - Date.now()) / 1000)} seconds. Please provide another nic(s) or retry after that time. Reserved VM: ${reservation.vmId}`,
        );
      }
    }
    const givenDisk = refId(((p['storageProfile'] as Json | undefined)?.['osDisk'] as Json | undefined)?.['managedDisk']);
    const diskUser = givenDisk ? diskOwner(world, givenDisk) : undefined;
    if (diskUser && !sameId(diskUser, resource.id)) {
      throw new ArmError(409, 'OperationNotAllowed', `Disk ${givenDisk?.split('/').pop()} is attached to VM ${diskUser}.`);
    }
    const replacing = previous ? sizeOf(sizes, String((previous.properties['hardwareProfile'] as Json | undefined)?.['vmSize'] ?? '')) : undefined;
    checkQuota(world, sizes, size, location, replacing);
    p['vmId'] = previous?.properties['vmId'] ?? newGuid();
    p['timeCreated'] = previous?.properties['timeCreated'] ?? new Date().toISOString();
    const storage = (p['storageProfile'] ??= {}) as Json;
    storage['dataDisks'] ??= [];
    const disk = (storage['osDisk'] ??= {}) as Json;
    disk['name'] ??= `${resource.name}_OsDisk_1_${String(p['vmId']).replace(/-/g, '')}`;
    disk['osType'] ??= 'Linux';
    disk['createOption'] ??= 'FromImage';
    disk['deleteOption'] ??= 'Detach';
    const managed = (disk['managedDisk'] ??= {}) as Json;
    managed['id'] ??= `${resource.id.split('/providers/')[0]}/providers/Microsoft.Compute/disks/${String(disk['name'])}`;
    os['allowExtensionOperations'] ??= true;
    os['requireGuestProvisionSignal'] ??= true;
    os['secrets'] ??= [];
    // Compute keeps customData (and the password) but never returns them.
    if (previous && os['customData'] === undefined) {
      const before = (previous.properties['osProfile'] as Json | undefined)?.['customData'];
      if (before !== undefined) os['customData'] = before;
    }
  },
  afterWrite(resource, world) {
    const osDisk = ((resource.properties['storageProfile'] as Json | undefined)?.['osDisk'] ?? {}) as Json;
    const diskId = String((osDisk['managedDisk'] as Json | undefined)?.['id'] ?? '');
    const disk = world.get(diskId);
    if (!disk && osDisk['createOption'] === 'FromImage') world.put(makeOsDisk(resource, osDisk));
    else if (disk) disk.top['managedBy'] = resource.id;
  },
  afterDelete(resource, world) {
    // ComputeRP.json: an OS disk's deleteOption defaults to Detach, and so does a NIC's: both outlive the VM unless told.
    const osDisk = ((resource.properties['storageProfile'] as Json | undefined)?.['osDisk'] ?? {}) as Json;
    const disk = world.get(refId(osDisk['managedDisk']));
    if (disk && osDisk['deleteOption'] === 'Delete') world.remove(disk.id);
    else if (disk) delete disk.top['managedBy'];
    const nics = ((resource.properties['networkProfile'] as Json | undefined)?.['networkInterfaces'] ?? []) as Json[];
    for (const reference of nics) {
      const nicId = refId(reference) as string;
      const option = (reference['properties'] as Json | undefined)?.['deleteOption'] ?? reference['deleteOption'];
      if (option === 'Delete') world.remove(nicId);
      else if (world.nicReservationMs > 0) world.nicReservations.set(nicId.toLowerCase(), { vmId: resource.id, until: Date.now() + world.nicReservationMs });
    }
  },
  views: {
    // The instance view a Compute VM answers with: provisioning and power state.
    instanceView(resource) {
      const provisioning = String(resource.properties['provisioningState'] ?? 'Succeeded');
      const running = provisioning === 'Succeeded' || provisioning === 'Updating';
      return {
        computerName: (resource.properties['osProfile'] as Json | undefined)?.['computerName'],
        osName: 'flatcar',
        hyperVGeneration: 'V2',
        statuses: [
          {
            code: `ProvisioningState/${provisioning.toLowerCase()}`,
            level: 'Info',
            displayStatus: `Provisioning ${provisioning.toLowerCase()}`,
            time: resource.properties['timeCreated'],
          },
          { code: running ? 'PowerState/running' : 'PowerState/starting', level: 'Info', displayStatus: running ? 'VM running' : 'VM starting' },
        ],
      };
    },
  },
  hide(properties) {
    const os = properties['osProfile'] as Json | undefined;
    if (!os) return properties;
    const { customData: _customData, adminPassword: _adminPassword, ...rest } = os;
    return { ...properties, osProfile: rest };
  },
};
