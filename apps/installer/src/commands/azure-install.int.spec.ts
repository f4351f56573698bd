import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armTestCaEnv, DEFAULT_VM_SIZES, startArmServer, trustArmTestCaInProcess, type ArmServer } from '@strata/azure-arm-server';
import { azureOwnership } from '@strata/driver-api';
import { armPlatform, createPublicZone } from '@strata/driver-azure/testing';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { strataCliCommand } from '../bundle';
import { installKilledAfter } from '../testing/killed-install';

const work = mkdtempSync(join(tmpdir(), 'strata-azure-cli-'));
const scopes = ['https://management.azure.com/.default'];
let arm: ArmServer;
let env: Record<string, string>;

/** examples/azure.yaml pointed at the test server (its subscription and tenant), written to `<work>/<name>.yaml`. */
function exampleDocument(name: string, edit: (azure: Record<string, unknown>) => void = () => undefined): string {
  const doc = parseYaml(readFileSync(join(WORKSPACE_ROOT, 'examples/azure.yaml'), 'utf8')) as { spec: { platform: { azure: Record<string, unknown> } } };
  const example = doc.spec.platform.azure;
  doc.spec.platform.azure = armPlatform(arm, 'westeurope', { resourceGroup: example['resourceGroup'], vmSizes: example['vmSizes'] });
  edit(doc.spec.platform.azure);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * Runs the real `strata` CLI in a child process without blocking this one: the ARM test
 * server answers from this process's event loop, which a synchronous spawn would stop.
 */
function strata(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = strataCliCommand(args);
  const child = spawn(cli.command, cli.args, { cwd: WORKSPACE_ROOT, env: { ...process.env, STRATA_HOME: join(work, 'home'), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    }),
  );
}

function clusterId(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8')) as { clusterId: string }).clusterId;
}

/** Every resource of the cluster on the server, as `type step` lines: a step created twice shows twice. */
function ownedResources(id: string): string[] {
  return arm
    .resources()
    .flatMap((r) => {
      const metadata = (r.properties as { metadata?: Record<string, string> } | undefined)?.metadata;
      const marks = azureOwnership.decode({ labels: r.tags ?? {} }) ?? azureOwnership.decode({ labels: metadata ?? {} });
      return marks?.clusterId === id ? [`${r.type} ${marks.step ?? '(no step)'}`] : [];
    })
    .sort();
}

/** What is left in the cluster's resource group, marked or not (the server's nested resources carry no tags). */
const inGroup = (group: string) => arm.resources().filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${group.toLowerCase()}`));

beforeAll(async () => {
  // The SDK clients of this process read back what the CLI made; the CLI trusts the CA from its environment.
  trustArmTestCaInProcess();
  arm = await startArmServer({
    asyncDelayMs: 20,
    vmSizes: [...DEFAULT_VM_SIZES, { name: 'Standard_E8s_v5', vCPUs: 8, memoryGB: 64, family: 'standardESv5Family' }],
  });
  env = {
    AZURE_CLIENT_ID: arm.clientId,
    AZURE_CLIENT_SECRET: arm.clientSecret,
    AZURE_TENANT_ID: arm.tenantId,
    AZURE_CLIENT_CERTIFICATE_PATH: '',
    NODE_EXTRA_CA_CERTS: armTestCaEnv(),
    STRATA_AZURE_POLL_INTERVAL_MS: '25',
  };
  await createPublicZone(arm, 'azure.example.com');
}, 60_000);

afterAll(async () => {
  await arm?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('strata on Azure (ARM test server)', () => {
  it('installs examples/azure.yaml to infrastructure, shows the VMs in status, and destroys everything even without the journal', async () => {
    const file = exampleDocument('staging');
    const dir = join(work, 'staging');
    const install = await strata(['install', '-f', file, '--dir', dir, '--until', 'infrastructure']);
    expect(install.code, install.stderr + install.stdout).toBe(0);
    expect(install.stdout).toMatch(/without --until to finish the install/);

    const status = await strata(['status', '--dir', dir, '--output', 'json']);
    const machines = (JSON.parse(status.stdout) as { machines: { name: string; providerID: string; addresses: { type: string; address: string }[] }[] })
      .machines;
    expect(machines).toHaveLength(7);
    for (const m of machines) {
      expect(m.providerID).toBe(
        `azure:///subscriptions/${arm.subscriptionId}/resourceGroups/strata-staging/providers/Microsoft.Compute/virtualMachines/${m.name}`,
      );
      expect(m.addresses.find((a) => a.type === 'InternalIP')?.address).toMatch(/^10\.30\.(0|128)\.\d+$/);
    }
    const table = await strata(['status', '--dir', dir]);
    expect(table.stdout).toMatch(/staging-cp-0\s+control-plane\s+running\s+10\.30\.0\.10\s+azure:\/\/\/subscriptions\//);
    const lb = new NetworkManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentialScopes: scopes }).loadBalancers.list(
      'strata-staging',
    );
    const names: string[] = [];
    for await (const l of lb) names.push(l.name ?? '');
    expect(names).toHaveLength(2);

    const id = clusterId(dir);
    expect(ownedResources(id).length).toBeGreaterThan(20);
    rmSync(join(dir, 'state/journal.jsonl'));
    const destroy = await strata(['destroy', '--dir', dir]);
    expect(destroy.code, destroy.stderr + destroy.stdout).toBe(0);
    expect(ownedResources(id)).toEqual([]);
    expect(inGroup('strata-staging')).toEqual([]);
    expect(
      arm
        .resources()
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(['Microsoft.Network/dnszones azure.example.com', 'Microsoft.Resources/resourceGroups dns']);
    const again = await strata(['destroy', '--dir', dir]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
  }, 400_000);

  it('shows the plan: subnets, security rules, load balancers and machines, with nothing created', async () => {
    const file = exampleDocument('plan');
    const before = arm.resources().length;
    const text = await strata(['plan', '-f', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^plan of cluster staging on azure: \d+ steps, nothing created/);
    const json = JSON.parse((await strata(['plan', '-f', file, '--output', 'json'])).stdout) as {
      plan: { steps: { id: string; spec: Record<string, unknown> }[] };
    };
    const cp = json.plan.steps.find((st) => st.id === 'network/nsg-control-plane');
    expect(cp?.spec['rules']).toContainEqual(expect.objectContaining({ name: 'etcd', ports: '2379-2380', source: '10.30.0.0/17' }));
    expect(json.plan.steps.find((st) => st.id === 'machine/staging-cp-2')?.spec).toMatchObject({ zone: '3', vmSize: 'Standard_D4s_v5' });
    expect(arm.resources().length).toBe(before);
  }, 120_000);

  it('refuses a document the subscription cannot hold with exit code 2, every problem with its path, and creates nothing', async () => {
    const file = exampleDocument('bad', (azure) => {
      azure['location'] = 'atlantis';
    });
    const doc = parseYaml(readFileSync(file, 'utf8')) as { spec: { baseDomain: string } };
    doc.spec.baseDomain = 'nowhere.example';
    writeFileSync(file, stringify(doc));
    const before = arm.resources().length;
    const res = await strata(['install', '-f', file, '--dir', join(work, 'bad'), '--until', 'infrastructure']);
    expect(res.code, res.stderr + res.stdout).toBe(2);
    expect(res.stderr).toMatch(/spec\.platform\.azure\.location: location atlantis offers no VM sizes to this subscription/);
    expect(res.stderr).toMatch(/spec\.baseDomain: the subscription has no public DNS zone nowhere\.example/);
    expect(arm.resources().length).toBe(before);
  }, 120_000);

  it('after kill -9 of the installer at five points of the apply, the same command finishes one cluster with no duplicate resource', async () => {
    const file = exampleDocument('staging');
    const dir = join(work, 'crash');
    const kills = [];
    for (const lines of [1, 4, 8, 14, 20]) kills.push(await installKilledAfter(file, dir, lines, { ...env, STRATA_HOME: join(work, 'home') }));
    // Each run was killed inside the apply, after it had recorded more of it.
    expect(kills.filter((k) => k.killed).length).toBe(5);
    for (const k of kills) expect(k.after).toBeGreaterThan(k.before);

    const finish = await strata(['install', '-f', file, '--dir', dir, '--until', 'infrastructure']);
    expect(finish.code, finish.stderr + finish.stdout).toBe(0);
    const resources = ownedResources(clusterId(dir));
    expect(resources.filter((r, i) => resources.indexOf(r) !== i)).toEqual([]);
    expect(resources.filter((r) => r.startsWith('Microsoft.Compute/virtualMachines '))).toHaveLength(7);
    expect(resources.filter((r) => r.startsWith('Microsoft.Network/networkInterfaces '))).toHaveLength(7);
    expect(resources.filter((r) => r.startsWith('Microsoft.Network/virtualNetworks '))).toHaveLength(1);

    const destroy = await strata(['destroy', '--dir', dir]);
    expect(destroy.code, destroy.stderr + destroy.stdout).toBe(0);
    expect(ownedResources(clusterId(dir))).toEqual([]);
    expect(inGroup('strata-staging')).toEqual([]);
  }, 600_000);
});
