import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComputeManagementClient } from '@azure/arm-compute';
import { afterAll, beforeAll } from 'vitest';
import { startArmServer, type ArmServer } from '@strata/azure-arm-server';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { azureOwnership, type DriverContext, type PlanStep } from '@strata/driver-api';
import { describeDriverConformance, withInjectedFaults, type ProviderResource } from '@strata/driver-api/conformance';
import { azureDriver } from './azure-driver';
import { resourceGroupOf } from './clients';
import { armPlatform, azureContext, azureContextRef, createPublicZone, useArmCredentials } from './testing';

const work = mkdtempSync(join(tmpdir(), 'strata-azure-conformance-'));
let arm: ArmServer;
let counter = 0;
let lostJournals = 0;

/** A small cluster on the test server; every context gets its own name (and so its own resource group). */
function cluster(location = 'westeurope'): Cluster {
  counter += 1;
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: `conform-${counter}` },
      spec: {
        baseDomain: 'example.com',
        platform: { azure: armPlatform(arm, location) },
        controlPlane: { replicas: 1, machineType: 'small' },
        workers: [{ name: 'default', replicas: 1, machineType: 'small' }],
        networking: { machineCIDR: '10.40.0.0/16' },
      },
    }),
    { format: 'json' },
  );
}

async function contextFor(c: Cluster): Promise<DriverContext> {
  const dir = join(work, `assets-${counter}`);
  const { manifest } = await writeAssetDirectory(dir, c);
  return azureContext({ cluster: JSON.stringify(c), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

/** The marks a resource carries: tags, or a record set's metadata. */
function marksOf(r: { tags?: Record<string, string>; properties: unknown }) {
  const metadata = (r.properties as { metadata?: Record<string, string> } | undefined)?.metadata;
  return azureOwnership.decode({ labels: r.tags ?? {} }) ?? azureOwnership.decode({ labels: metadata ?? {} });
}

/**
 * Every resource of the server carrying the cluster's id, straight from its state (never
 * through the driver). The test server keeps no tags on nested resources, so a virtual
 * network link counts as the link step of the cluster whose private zone holds it.
 */
async function listOwned(ctx: DriverContext): Promise<ProviderResource[]> {
  const all = arm.resources();
  const byId = new Map(all.map((r) => [r.id.toLowerCase(), r]));
  return all
    .flatMap((r) => {
      const marks = marksOf(r);
      if (marks?.clusterId === ctx.clusterId) return [{ step: marks.step, id: r.id }];
      if (r.type !== 'Microsoft.Network/privateDnsZones/virtualNetworkLinks' || marks) return [];
      const zone = byId.get(r.id.slice(0, r.id.toLowerCase().lastIndexOf('/virtualnetworklinks/')).toLowerCase());
      return zone && marksOf(zone)?.clusterId === ctx.clusterId ? [{ step: 'dns/private-zone-link', id: r.id }] : [];
    })
    .sort((a, b) => `${a.step}`.localeCompare(`${b.step}`));
}

/** Deletes a machine's VM through the SDK, as an operator might in the portal. */
async function deleteOutOfBand(ctx: DriverContext, step: PlanStep): Promise<void> {
  if (step.kind !== 'machine') throw new Error(`this harness deletes machine steps out of band, not ${step.kind}`);
  const compute = new ComputeManagementClient(arm.credential, arm.subscriptionId, {
    endpoint: arm.url,
    credentials: { scopes: ['https://management.azure.com/.default'] },
  });
  await compute.virtualMachines.delete(resourceGroupOf(ctx.cluster), step.name, { updateIntervalInMs: 25 });
}

beforeAll(async () => {
  arm = await startArmServer({ asyncDelayMs: 20 });
  useArmCredentials(arm);
  // The public zone of baseDomain, in a resource group of its own, as a subscription has it.
  await createPublicZone(arm, 'example.com');
}, 60_000);

afterAll(async () => {
  await arm?.close();
  rmSync(work, { recursive: true, force: true });
});

const faults = withInjectedFaults(azureDriver);

describeDriverConformance({
  driver: faults.driver,
  timeoutMs: 180_000,
  newContext: () => contextFor(cluster()),
  async invalidContext() {
    // A location the subscription does not have.
    return { ctx: await contextFor(cluster('atlantis')), pathPrefix: 'spec.platform.azure' };
  },
  async withoutJournal(ctx) {
    return azureContext({
      cluster: JSON.stringify(ctx.cluster),
      clusterId: ctx.clusterId,
      assetsDir: ctx.assetsDir,
      journal: join(ctx.assetsDir, `state/lost-${++lostJournals}.jsonl`),
    });
  },
  listOwned,
  injectFault: faults.injectFault,
  deleteOutOfBand,
  childModule: join(import.meta.dirname, 'testing/conformance-child.ts'),
  contextRef: azureContextRef,
  async cleanup() {
    rmSync(work, { recursive: true, force: true });
  },
});
