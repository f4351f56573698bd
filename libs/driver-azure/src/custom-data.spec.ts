// What each VM of examples/azure.yaml gets as customData: its full Ignition config, base64,
// which the real Ignition validator accepts; and what happens when a config is too large.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { type DriverContext, type PlanStep } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { azureCredential } from './clients';
import { CUSTOM_DATA_LIMIT, customDataProblem, placeholderKey, virtualMachineModel } from './handlers/machine';
import { azurePlan } from './plan';
import { azureTags } from './tags';

const VALIDATOR = '/usr/bin/ignition-validate';
const EXAMPLE = join(import.meta.dirname, '../../../examples/azure.yaml');
const work = mkdtempSync(join(tmpdir(), 'strata-custom-data-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function validate(name: string, json: string): { status: number | null; output: string } {
  const file = join(work, `${name}.ign`);
  writeFileSync(file, json);
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('customData of the VMs of examples/azure.yaml', () => {
  let cluster: Cluster;
  let ctx: DriverContext;
  let machines: PlanStep[];
  const dir = join(work, 'assets');
  const configOf = (machine: string) => readFileSync(join(dir, 'ignition', `${machine}.ign`), 'utf8');

  beforeAll(async () => {
    cluster = parseCluster(readFileSync(EXAMPLE, 'utf8'), { source: EXAMPLE });
    const assets = await writeAssetDirectory(dir, cluster);
    ctx = offlineContext({ cluster, clusterId: assets.manifest.clusterId, assetsDir: dir, ignitionFor: (m) => Promise.resolve(configOf(m)) });
    machines = azurePlan(ctx).steps.filter((s) => s.kind === 'machine');
  });

  it('is every machine full Ignition config, base64, under the limit, and passes ignition-validate', async () => {
    expect(machines).toHaveLength(7);
    const key = await placeholderKey(ctx);
    for (const step of machines) {
      const model = virtualMachineModel(ctx, step.name, step.spec as never, configOf(step.name), [key], '/subscriptions/s/nic', azureTags(step));
      const customData = model.osProfile?.customData ?? '';
      const decoded = Buffer.from(customData, 'base64').toString('utf8');
      expect(decoded, step.name).toBe(configOf(step.name));
      expect(Buffer.byteLength(decoded), step.name).toBeLessThanOrEqual(CUSTOM_DATA_LIMIT);
      expect(customDataProblem(step.name, decoded)).toBeUndefined();
      expect(validate(step.name, decoded), step.name).toEqual({ status: 0, output: '' });
      // arm-compute 24 takes the VM's fields at the top level.
      expect(Object.keys(model)).not.toContain('properties');
      expect(model.osProfile).toMatchObject({ computerName: step.name, adminUsername: 'core', linuxConfiguration: { disablePasswordAuthentication: true } });
      expect(model.storageProfile?.osDisk).toMatchObject({ createOption: 'FromImage', deleteOption: 'Delete' });
    }
  });

  it('refuses a config over 65,535 bytes, naming the machine', () => {
    const big = JSON.stringify({ ignition: { version: '3.3.0' }, padding: 'x'.repeat(CUSTOM_DATA_LIMIT) });
    expect(customDataProblem('staging-cp-0', big)).toMatch(
      /^the Ignition config of machine staging-cp-0 is 655\d\d bytes; Azure's customData takes at most 65535 bytes/,
    );
  });

  it('gives a cluster without SSH keys one placeholder key, the same on every call, as an OpenSSH RSA key', async () => {
    const first = await placeholderKey(ctx);
    expect(first).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ strata-placeholder$/);
    expect(await placeholderKey(ctx)).toBe(first);
  });
});

describe('azureCredential', () => {
  const config = parseCluster(readFileSync(EXAMPLE, 'utf8'), { source: EXAMPLE }).spec.platform.azure!;
  it.each([
    [{ AZURE_CLIENT_ID: 'a', AZURE_CLIENT_SECRET: 's' }, 'service principal (secret)'],
    [{ AZURE_CLIENT_ID: 'a', AZURE_CLIENT_CERTIFICATE_PATH: '/etc/sp.pem' }, 'service principal (certificate)'],
    [{ AZURE_CLIENT_ID: 'a' }, 'managed identity or Azure CLI login'],
    [{}, 'managed identity or Azure CLI login'],
  ])('%o: %s', (env, kind) => {
    expect(azureCredential(config, env).kind).toBe(kind);
  });

  it('refuses a service principal without a tenant when a token is asked for, naming the fix', async () => {
    const { credential } = azureCredential({ ...config, tenantId: undefined }, { AZURE_CLIENT_ID: 'a', AZURE_CLIENT_SECRET: 's' });
    await expect(credential.getToken('https://management.azure.com/.default')).rejects.toThrow(/set spec\.platform\.azure\.tenantId or AZURE_TENANT_ID/);
  });
});
