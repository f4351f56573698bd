import { generateKeyPairSync } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VirtualMachine } from '@azure/arm-compute';
import { z } from 'zod';
import { defineHandler, type DriverContext } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { azureClients, lro } from '../clients';
import { call, callOrGone } from '../errors';
import { input } from '../arm';
import { changing, fromListing } from '../snapshot';
import { azureTags, ownedByStep } from '../tags';

/**
 * Azure's limit on `osProfile.customData`: 65,535 bytes before base64 (the Ignition config
 * goes there as it is; there is no pointer fallback on Azure yet).
 * https://learn.microsoft.com/azure/virtual-machines/custom-data
 */
export const CUSTOM_DATA_LIMIT = 65_535;

/** The user Flatcar's image provisions; Ignition adds the document's keys to it as well. */
export const ADMIN_USER = 'core';

/** The problem of a machine's Ignition config as customData, if any. */
export function customDataProblem(machine: string, config: string): string | undefined {
  const bytes = Buffer.byteLength(config);
  if (bytes <= CUSTOM_DATA_LIMIT) return undefined;
  return `the Ignition config of machine ${machine} is ${bytes} bytes; Azure's customData takes at most ${CUSTOM_DATA_LIMIT} bytes (before base64): remove files or units from it`;
}

/** Where the placeholder key of a cluster without SSH keys is kept: in its asset directory, so every run sends the same VM model. */
const placeholderPath = (ctx: DriverContext) => join(ctx.assetsDir, 'auth', 'azure-placeholder-ssh.pub');

/** An RSA public key in OpenSSH's `ssh-rsa` form. */
function sshRsa(n: Buffer, e: Buffer): string {
  const part = (b: Buffer) => {
    const body = b[0] !== undefined && b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
  };
  const blob = Buffer.concat([part(Buffer.from('ssh-rsa')), part(e), part(n)]);
  return `ssh-rsa ${blob.toString('base64')} strata-placeholder`;
}

/**
 * Azure refuses a Linux VM without a password or an SSH key. A cluster whose document
 * lists no keys gets a public key whose private half was never kept: nobody can log in,
 * and Ignition stays the only source of the machine's users. Written once (exclusively)
 * to the asset directory, so a resumed apply sends the same model.
 */
export async function placeholderKey(ctx: DriverContext): Promise<string> {
  const path = placeholderPath(ctx);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const jwk = publicKey.export({ format: 'jwk' });
    const key = sshRsa(Buffer.from(jwk.n ?? '', 'base64url'), Buffer.from(jwk.e ?? '', 'base64url'));
    await mkdir(dirname(path), { recursive: true });
    try {
      const file = await open(path, 'wx', 0o644);
      await file.writeFile(`${key}\n`);
      await file.sync();
      await file.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return (await readFile(path, 'utf8')).trim();
  }
}

const Spec = z.object({
  role: z.enum(['control-plane', 'worker']),
  pool: z.string(),
  networkInterface: z.string(),
  vmSize: z.string(),
  zone: z.string(),
  osDiskGiB: z.number().int().positive(),
  image: z.object({ publisher: z.string(), offer: z.string(), sku: z.string(), version: z.string() }),
  plan: z.object({ name: z.string(), product: z.string(), publisher: z.string() }).optional(),
  sshKeys: z.array(z.string()),
});
type Spec = z.infer<typeof Spec>;

const Outputs = z.strictObject({ virtualMachineId: z.string().startsWith('/subscriptions/'), providerID: z.string().startsWith('azure:///') });

/** The providerID the Azure cloud provider gives the machine's Node: `azure://` and the VM's ARM id. */
export const providerIdOf = (id: string) => `azure://${id}`;

/** The VM model of a machine (arm-compute 24 takes the fields at the top level, not under `properties`). */
export function virtualMachineModel(
  ctx: DriverContext,
  name: string,
  spec: Spec,
  customData: string,
  sshKeys: string[],
  nicId: string,
  tags: Record<string, string>,
): VirtualMachine {
  const { location } = azureClients(ctx.cluster, ctx.credential);
  return {
    location,
    tags,
    ...(spec.zone ? { zones: [spec.zone] } : {}),
    ...(spec.plan ? { plan: spec.plan } : {}),
    hardwareProfile: { vmSize: spec.vmSize },
    storageProfile: {
      imageReference: spec.image,
      osDisk: {
        name: `${name}-os`,
        createOption: 'FromImage',
        caching: 'ReadWrite',
        diskSizeGB: spec.osDiskGiB,
        managedDisk: { storageAccountType: 'Premium_LRS' },
        // The disk goes with the VM, so destroy leaves no disk behind.
        deleteOption: 'Delete',
      },
    },
    osProfile: {
      computerName: name,
      adminUsername: ADMIN_USER,
      customData: Buffer.from(customData).toString('base64'),
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: sshKeys.map((keyData) => ({ path: `/home/${ADMIN_USER}/.ssh/authorized_keys`, keyData })) },
      },
    },
    networkProfile: { networkInterfaces: [{ id: nicId, primary: true, deleteOption: 'Detach' }] },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  };
}

/** How long a VM's own running operation is waited for before the create gives up (retryably). */
const IN_FLIGHT_TIMEOUT_MS = 900_000;

/**
 * The machine's VM once no operation of its own runs on it (`Creating`, `Updating`): polled
 * at the pollers' interval. Undefined when there is none, or it is another cluster's.
 */
async function settledVm(ctx: DriverContext, name: string, stepId: string): Promise<VirtualMachine | undefined> {
  const { compute, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
  const deadline = Date.now() + IN_FLIGHT_TIMEOUT_MS;
  for (;;) {
    const vm = await callOrGone(`reading virtual machine ${name}`, () => compute.virtualMachines.get(resourceGroup, name));
    if (!vm || !ownedByStep(vm.tags, ctx.clusterId, stepId)) return undefined;
    if (vm.provisioningState !== 'Creating' && vm.provisioningState !== 'Updating') return vm;
    if (Date.now() > deadline)
      throw new ProviderError(`creating virtual machine ${name}: still ${vm.provisioningState} after ${IN_FLIGHT_TIMEOUT_MS / 1000} s`, { retryable: true });
    await sleep(lro().updateIntervalInMs ?? 2_000);
  }
}

/**
 * One VM per machine: the Flatcar image of the OS channel from the Marketplace (with its
 * plan) or the document's image, a Premium SSD OS disk deleted with the VM, its NIC, its
 * zone (control plane), and its Ignition config as `customData`.
 */
export const machineHandler = defineHandler({
  spec: Spec,
  outputs: Outputs,
  async find(ctx, step) {
    // One listing of the group's VMs answers the machine steps (see fromListing). A create
    // whose answer was lost (a throttled poll, a killed process) may still be running on
    // Azure's side: it is waited for, and adopted once it succeeded, rather than sent a
    // second PUT while it runs. A VM whose create failed is not found: create sends it again.
    const { compute, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const listed = await fromListing(
      ctx,
      step,
      'virtual machines',
      () => compute.virtualMachines.list(resourceGroup),
      () => callOrGone(`finding virtual machine ${step.name}`, () => compute.virtualMachines.get(resourceGroup, step.name)),
    );
    const inFlight = listed?.provisioningState === 'Creating' || listed?.provisioningState === 'Updating';
    const vm = inFlight ? await settledVm(ctx, step.name, step.id) : listed;
    if (!vm?.id || !ownedByStep(vm.tags, ctx.clusterId, step.id)) return undefined;
    return (vm.provisioningState ?? 'Succeeded') === 'Succeeded' ? { virtualMachineId: vm.id, providerID: providerIdOf(vm.id) } : undefined;
  },
  create: (ctx, step, spec, inputs) =>
    changing(ctx, step, async () => {
      const { compute, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
      const what = `creating virtual machine ${step.name}`;
      const config = await ctx.ignitionFor(step.name);
      const problem = customDataProblem(step.name, config);
      if (problem) throw new ProviderError(`${what}: ${problem}`);
      const keys = spec.sshKeys.length > 0 ? spec.sshKeys : [await placeholderKey(ctx)];
      const model = virtualMachineModel(ctx, step.name, spec, config, keys, input(inputs, spec.networkInterface, 'networkInterfaceId'), azureTags(step));
      const vm = await call(what, () => compute.virtualMachines.createOrUpdate(resourceGroup, step.name, model, lro()));
      if (!vm.id) throw new ProviderError(`${what}: Azure answered without the VM's id`);
      return { virtualMachineId: vm.id, providerID: providerIdOf(vm.id) };
    }),
  async delete(ctx, step) {
    const { compute, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    await changing(ctx, step, () => callOrGone(`deleting virtual machine ${step.name}`, () => compute.virtualMachines.delete(resourceGroup, step.name, lro())));
  },
  // Each create is one PUT and a long-running operation the SDK's poller waits on: many
  // wait at once (ARM's write limits are per subscription and far above this), instead of
  // eight at a time.
  createConcurrency: 64,
  // The VM's name is fixed by the plan and a delete of what is gone succeeds: many run at once, none looks first.
  deletesFromOutputs: true,
  deleteConcurrency: 64,
});
