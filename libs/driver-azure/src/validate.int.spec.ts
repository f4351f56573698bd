import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from '@strata/azure-arm-server';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { offlineContext } from '@strata/driver-api/conformance';
import type { FieldProblem } from '@strata/errors';
import { azureClients } from './clients';
import { azurePreflight, validateAzure } from './validate';
import { armPlatform, useArmCredentials } from './testing';

const CLUSTER_ID = '3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f0b2c4e';
const scopes = ['https://management.azure.com/.default'];
const work = mkdtempSync(join(tmpdir(), 'strata-azure-validate-'));
let arm: ArmServer;
let counter = 0;

interface Edits {
  name?: string;
  baseDomain?: string;
  location?: string;
  resourceGroup?: string;
  vmSizes?: Record<string, string>;
  controlPlane?: number;
  workers?: number;
}

/** A cluster on the test server; a new object each time, so each gets clients (and a credential) of its own. */
function cluster(e: Edits = {}): Cluster {
  counter += 1;
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: e.name ?? `checks-${counter}` },
      spec: {
        baseDomain: e.baseDomain ?? 'example.com',
        platform: {
          azure: armPlatform(arm, e.location ?? 'westeurope', {
            ...(e.resourceGroup ? { resourceGroup: e.resourceGroup } : {}),
            vmSizes: e.vmSizes ?? {},
          }),
        },
        controlPlane: { replicas: e.controlPlane ?? 3, machineType: 'small' },
        workers: [{ name: 'default', replicas: e.workers ?? 2, machineType: 'medium' }],
        networking: { machineCIDR: '10.50.0.0/16' },
      },
    }),
    { format: 'json' },
  );
}

const paths = (problems: FieldProblem[]) => problems.map((p) => p.path);
const resources = () => new ResourceManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentialScopes: scopes });
const dns = () => new DnsManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentialScopes: scopes });

beforeAll(async () => {
  arm = await startArmServer({ asyncDelayMs: 5, zones: { eastus: ['1'] } });
  useArmCredentials(arm);
  await resources().resourceGroups.createOrUpdate('dns', { location: 'westeurope' });
  await dns().zones.createOrUpdate('dns', 'example.com', { location: 'global' });
  await dns().recordSets.createOrUpdate('dns', 'example.com', 'api.busy', 'A', { ttl: 60, aRecords: [{ ipv4Address: '192.0.2.1' }] });
  const rg = resources().resourceGroups;
  await rg.createOrUpdate('taken', { location: 'westeurope', tags: { 'strata.dev_cluster': 'other', 'strata.dev_cluster-id': 'another-id' } });
  await rg.createOrUpdate('mine', { location: 'westeurope' });
  await rg.createOrUpdate('plain-rg', { location: 'westeurope' });
}, 60_000);

beforeEach(() => arm.clearRequestLog());

afterEach(() => {
  // Nothing is ever created by a validation.
  expect(arm.requestLog().filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
});

afterAll(async () => {
  await arm?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('Azure preflight against the ARM test server', () => {
  it('accepts a cluster the subscription can hold', async () => {
    expect(await azurePreflight(cluster(), CLUSTER_ID)).toEqual([]);
  });

  it('refuses a credential the identity platform does not accept, and stops there', async () => {
    const secret = process.env['AZURE_CLIENT_SECRET'];
    process.env['AZURE_CLIENT_SECRET'] = 'not-the-secret';
    try {
      const problems = await azurePreflight(cluster({ location: 'atlantis' }), CLUSTER_ID);
      expect(paths(problems)).toEqual(['spec.platform.azure']);
      expect(problems[0]?.message).toMatch(/^could not get a token with the service principal \(secret\) .*AZURE_CLIENT_ID with AZURE_CLIENT_SECRET/);
    } finally {
      process.env['AZURE_CLIENT_SECRET'] = secret;
    }
  });

  it('signs in with a service principal certificate as well', async () => {
    // A service principal's certificate is RSA (the identity platform signs assertions with RS256 or PS256).
    const keyFile = join(work, 'principal.key');
    const certFile = join(work, 'principal.crt');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=strata-test-principal'],
      {
        stdio: 'ignore',
      },
    );
    const pem = join(work, 'principal.pem');
    writeFileSync(pem, `${readFileSync(keyFile, 'utf8')}\n${readFileSync(certFile, 'utf8')}`);
    const secret = process.env['AZURE_CLIENT_SECRET'];
    delete process.env['AZURE_CLIENT_SECRET'];
    process.env['AZURE_CLIENT_CERTIFICATE_PATH'] = pem;
    try {
      const c = cluster();
      expect(azureClients(c).credentialKind).toBe('service principal (certificate)');
      expect(await azurePreflight(c, CLUSTER_ID)).toEqual([]);
    } finally {
      process.env['AZURE_CLIENT_SECRET'] = secret;
      delete process.env['AZURE_CLIENT_CERTIFICATE_PATH'];
    }
  });

  it('names a location the subscription does not have', async () => {
    const problems = await azurePreflight(cluster({ location: 'atlantis' }), CLUSTER_ID);
    expect(problems).toEqual([
      { path: 'spec.platform.azure.location', message: expect.stringMatching(/^location atlantis offers no VM sizes to this subscription/) },
    ]);
  });

  it('names the machine type whose VM size the location does not offer', async () => {
    const problems = await azurePreflight(cluster({ vmSizes: { medium: 'Standard_Q64s_v9' } }), CLUSTER_ID);
    expect(problems).toEqual([
      { path: 'spec.workers.0.machineType', message: expect.stringMatching(/^VM size Standard_Q64s_v9 is not offered in westeurope/) },
    ]);
  });

  it('names the zones the control plane needs and the location lacks', async () => {
    const problems = await azurePreflight(cluster({ location: 'eastus' }), CLUSTER_ID);
    expect(problems).toEqual([
      { path: 'spec.controlPlane.machineType', message: 'VM size Standard_D2s_v5 is offered in zones 1 of eastus, the control plane needs zones 1, 2, 3' },
    ]);
    expect(await azurePreflight(cluster({ location: 'eastus', controlPlane: 1 }), CLUSTER_ID)).toEqual([]);
  });

  it('refuses more vCPUs than the regional and the family quotas leave', async () => {
    arm.setQuota('westeurope', 'cores', 20);
    arm.setQuota('westeurope', 'standardDSv5Family', 12);
    try {
      // 3 × 2 + 2 × 4 = 14 vCPUs of standardDSv5Family, and then 40 workers.
      const problems = await azurePreflight(cluster({ workers: 40 }), CLUSTER_ID);
      expect(paths(problems)).toEqual(['spec.workers', 'spec.workers']);
      expect(problems[0]?.message).toMatch(
        /^the machines need 166 vCPUs of "Total Regional vCPUs" \(cores\) and 0 of the subscription's 20 are in use in westeurope/,
      );
      expect(problems[1]?.message).toMatch(/\(standardDSv5Family\) and 0 of the subscription's 12 are in use/);
      expect(await azurePreflight(cluster({ workers: 1 }), CLUSTER_ID)).toEqual([]);
    } finally {
      arm.setQuota('westeurope', 'cores', 350);
      arm.setQuota('westeurope', 'standardDSv5Family', 100);
    }
  });

  it("refuses a resource group of another cluster, and a default group name that is someone else's", async () => {
    expect(await azurePreflight(cluster({ resourceGroup: 'taken' }), CLUSTER_ID)).toEqual([
      { path: 'spec.platform.azure.resourceGroup', message: expect.stringMatching(/^resource group taken belongs to cluster other \(id another-id\)/) },
    ]);
    // A group the document names and no cluster marks is the user's own: used as it is.
    expect(await azurePreflight(cluster({ resourceGroup: 'mine' }), CLUSTER_ID)).toEqual([]);
    expect(await azurePreflight(cluster({ name: 'plain' }), CLUSTER_ID)).toEqual([
      { path: 'metadata.name', message: expect.stringMatching(/^resource group plain-rg exists and is no cluster's/) },
    ]);
  });

  it('refuses a baseDomain without a public DNS zone, and an api record that is not this cluster', async () => {
    expect(await azurePreflight(cluster({ baseDomain: 'nowhere.example' }), CLUSTER_ID)).toEqual([
      { path: 'spec.baseDomain', message: expect.stringMatching(/^the subscription has no public DNS zone nowhere\.example/) },
    ]);
    expect(await azurePreflight(cluster({ name: 'busy' }), CLUSTER_ID)).toEqual([
      { path: 'metadata.name', message: expect.stringMatching(/^the record api\.busy\.example\.com exists already; record names are unique in their zone/) },
    ]);
  });

  it('refuses a machine whose Ignition config is over the customData limit, naming it', async () => {
    const c = cluster({ controlPlane: 1, workers: 1 });
    const ctx = offlineContext({
      cluster: c,
      clusterId: CLUSTER_ID,
      ignitionFor: (m) => Promise.resolve(JSON.stringify({ ignition: { version: '3.3.0' }, padding: m.includes('-cp-') ? 'x'.repeat(70_000) : '' })),
    });
    const problems = await validateAzure(ctx);
    expect(problems).toEqual([
      { path: 'spec.controlPlane', message: expect.stringMatching(new RegExp(`^the Ignition config of machine ${c.metadata.name}-cp-0 is 700\\d\\d bytes`)) },
    ]);
  });

  it('reports every problem at once', async () => {
    const problems = await azurePreflight(
      cluster({ baseDomain: 'nowhere.example', resourceGroup: 'taken', vmSizes: { medium: 'Standard_Q64s_v9' }, location: 'eastus' }),
      CLUSTER_ID,
    );
    expect(paths(problems).sort()).toEqual([
      'spec.baseDomain',
      'spec.controlPlane.machineType',
      'spec.platform.azure.resourceGroup',
      'spec.workers.0.machineType',
    ]);
  });
});
