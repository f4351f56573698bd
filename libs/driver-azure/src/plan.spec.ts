import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cidrContainsAddress, parseCluster, type Cluster } from '@strata/cluster-config';
import { azureOwnership, InfraPlanSchema, nameRule, ownershipProblems, type DriverContext } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { ProviderError } from '@strata/errors';
import { isNotFound, providerError } from './errors';
import { azurePlan, CONTROL_PLANE_ZONES, FLATCAR_OFFER, FLATCAR_PUBLISHER } from './plan';
import { parseId } from './arm';
import { securityRules } from './security-rules';
import { azureTags } from './tags';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/azure.yaml'), 'utf8');

interface Doc {
  metadata: { name: string };
  spec: { platform: { azure: Record<string, unknown> }; networking: Record<string, unknown>; sshAuthorizedKeys?: string[] };
}

function example(edit: (doc: Doc) => void = () => undefined): Cluster {
  const copy = structuredClone(parseCluster(EXAMPLE, { format: 'yaml' })) as unknown as Doc;
  edit(copy);
  return parseCluster(JSON.stringify(copy), { format: 'json' });
}

const context = (cluster: Cluster): DriverContext => offlineContext({ cluster });

const planOf = (cluster = example()) => InfraPlanSchema.parse(azurePlan(context(cluster)));
const stepOf = (id: string, cluster?: Cluster) => {
  const step = planOf(cluster).steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
};

describe('the Azure plan of examples/azure.yaml', () => {
  it('lists every resource with its dependencies first', () => {
    const plan = planOf();
    const ids = plan.steps.map((s) => s.id);
    expect(ids.slice(0, 11)).toEqual([
      'resource-group/main',
      'network/nsg-control-plane',
      'network/nsg-worker',
      'network/vnet',
      'load-balancer/api-ip',
      'load-balancer/api',
      'load-balancer/api-internal',
      'dns/private-zone',
      'dns/private-zone-link',
      'dns/api-int',
      'dns/api',
    ]);
    // Seven machines, each a NIC and a VM.
    expect(plan.steps.filter((s) => s.kind === 'network-interface')).toHaveLength(7);
    expect(plan.steps.filter((s) => s.kind === 'machine').map((s) => s.name)).toEqual([
      'staging-cp-0',
      'staging-cp-1',
      'staging-cp-2',
      'staging-default-0',
      'staging-default-1',
      'staging-default-2',
      'staging-memory-0',
    ]);
    const seen = new Set<string>();
    for (const step of plan.steps) {
      for (const dep of step.dependsOn) expect(seen.has(dep), `${step.id} after ${dep}`).toBe(true);
      seen.add(step.id);
    }
    expect(azurePlan(context(example()))).toEqual(plan);
  });

  it('uses the document resource group, else <name>-rg', () => {
    expect(stepOf('resource-group/main').name).toBe('strata-staging');
    expect(stepOf('resource-group/main').spec).toEqual({ location: 'westeurope', named: true });
    const unnamed = example((d) => delete d.spec.platform.azure['resourceGroup']);
    expect(stepOf('resource-group/main', unnamed)).toMatchObject({ name: 'staging-rg', spec: { named: false } });
  });

  it('splits machineCIDR into the control-plane and worker subnets, each behind its role security group', () => {
    expect(stepOf('network/vnet').spec).toEqual({
      cidr: '10.30.0.0/16',
      subnets: [
        { name: 'control-plane', cidr: '10.30.0.0/17', securityGroup: 'network/nsg-control-plane' },
        { name: 'worker', cidr: '10.30.128.0/17', securityGroup: 'network/nsg-worker' },
      ],
    });
  });

  it('puts every NIC at the address its certificates name, in its role subnet; control-plane NICs join both API pools', () => {
    const plan = planOf();
    for (const nic of plan.steps.filter((s) => s.kind === 'network-interface')) {
      const spec = nic.spec as { subnet: string; privateIp: string; backendPools: string[] };
      const cp = nic.id.includes('-cp-');
      expect(spec.subnet).toBe(cp ? 'control-plane' : 'worker');
      expect(cidrContainsAddress(cp ? '10.30.0.0/17' : '10.30.128.0/17', spec.privateIp), nic.id).toBe(true);
      expect(spec.backendPools).toEqual(cp ? ['load-balancer/api', 'load-balancer/api-internal'] : []);
    }
    expect(stepOf('load-balancer/api-internal').spec).toMatchObject({ privateIp: '10.30.0.5', subnet: 'control-plane', port: 6443 });
  });

  it('spreads the control plane over zones 1, 2 and 3 and boots Flatcar of the OS channel from the Marketplace with its plan', () => {
    const machines = planOf().steps.filter((s) => s.kind === 'machine');
    expect(machines.map((m) => (m.spec as { zone: string }).zone)).toEqual([...CONTROL_PLANE_ZONES, '', '', '', '']);
    expect(machines[0]?.spec).toMatchObject({
      vmSize: 'Standard_D4s_v5',
      image: { publisher: FLATCAR_PUBLISHER, offer: FLATCAR_OFFER, sku: 'beta-gen2', version: 'latest' },
      plan: { name: 'beta-gen2', product: FLATCAR_OFFER, publisher: FLATCAR_PUBLISHER },
    });
    expect(machines.find((m) => m.name === 'staging-memory-0')?.spec).toMatchObject({ vmSize: 'Standard_E8s_v5', osDiskGiB: 120 });
    const own = example((d) => (d.spec.platform.azure['imageReference'] = { publisher: 'acme', offer: 'os', sku: 'v1' }));
    const spec = stepOf('machine/staging-cp-0', own).spec;
    expect(spec['image']).toEqual({ publisher: 'acme', offer: 'os', sku: 'v1', version: 'latest' });
    expect(spec['plan']).toBeUndefined();
  });

  it('publishes api in the public zone of baseDomain and api-int in the private zone of the cluster', () => {
    expect(stepOf('dns/api')).toMatchObject({
      name: 'api.staging.azure.example.com',
      spec: { zone: 'azure.example.com', relativeName: 'api.staging', private: false },
    });
    expect(stepOf('dns/api-int')).toMatchObject({
      name: 'api-int.staging.azure.example.com',
      spec: { zone: 'staging.azure.example.com', relativeName: 'api-int', private: true },
    });
    expect(stepOf('dns/private-zone').name).toBe('staging.azure.example.com');
  });

  it('names every resource within Azure rules and tags it with marks Azure accepts', () => {
    for (const step of planOf().steps) {
      const rule = nameRule('azure', step.kind);
      expect(step.name.length, step.id).toBeLessThanOrEqual(rule.max);
      expect(step.name, step.id).toMatch(rule.pattern);
      const tags = azureTags(step);
      expect(
        Object.keys(tags).some((k) => /[<>%&\\?/]/.test(k)),
        step.id,
      ).toBe(false);
      expect(ownershipProblems(azureOwnership, { labels: tags, tags: [] }), step.id).toEqual([]);
      expect(azureOwnership.decode({ labels: tags })).toEqual({ cluster: 'staging', clusterId: '0b6f3c2a-7d1e-4f5a-9c8b-2e4d6f8a0c1e', step: step.id });
    }
  });
});

describe('securityRules', () => {
  const cp = securityRules(example()).controlPlane;
  it.each([
    ['api', 'Allow', 'Tcp', '6443', '*'],
    ['etcd', 'Allow', 'Tcp', '2379-2380', '10.30.0.0/17'],
    ['etcd-deny', 'Deny', 'Tcp', '2379-2380', 'VirtualNetwork'],
    ['kubelet', 'Allow', 'Tcp', '10250', 'VirtualNetwork'],
    ['nodeports-tcp', 'Allow', 'Tcp', '30000-32767', 'VirtualNetwork'],
    ['nodeports-udp', 'Allow', 'Udp', '30000-32767', 'VirtualNetwork'],
  ])('control plane: %s %s %s %s from %s', (name, access, protocol, ports, source) => {
    expect(cp.find((r) => r.name === name)).toMatchObject({ access, protocol, ports, source });
  });

  it('lets etcd in from the control-plane subnet before it denies it to the network, and gives workers no API or etcd rule', () => {
    const priority = (n: string) => cp.find((r) => r.name === n)?.priority ?? 0;
    expect(priority('etcd')).toBeLessThan(priority('etcd-deny'));
    expect(new Set(cp.map((r) => r.priority)).size).toBe(cp.length);
    expect(securityRules(example()).worker.map((r) => r.name)).toEqual(['kubelet', 'nodeports-tcp', 'nodeports-udp']);
  });

  it('opens SSH only when the document lists keys', () => {
    expect(cp.some((r) => r.name === 'ssh')).toBe(false);
    const withKeys = example(
      (d) => (d.spec.sshAuthorizedKeys = ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTHlhzZZRne8InWAbk7dP3I admin@example.com']),
    );
    for (const rules of Object.values(securityRules(withKeys))) expect(rules.find((r) => r.name === 'ssh')).toMatchObject({ ports: '22', source: 'Internet' });
  });
});

describe('providerError', () => {
  it.each([
    [{ statusCode: 429, code: 'TooManyRequests', message: 'slow down' }, true],
    [{ statusCode: 409, code: 'AnotherOperationInProgress', message: 'busy' }, true],
    [{ statusCode: 503, code: 'ServiceUnavailable', message: 'later' }, true],
    [
      {
        statusCode: 400,
        code: 'ReferencedResourceNotProvisioned',
        message: 'Cannot proceed with operation because resource nic used by resource vm is not in Succeeded state.',
      },
      true,
    ],
    [{ code: 'REQUEST_SEND_ERROR', message: 'socket hang up' }, true],
    [
      {
        statusCode: 409,
        code: 'OperationNotAllowed',
        message: 'Operation could not be completed as it results in exceeding approved Total Regional Cores quota',
      },
      false,
    ],
    [{ statusCode: 400, code: 'InvalidParameter', message: 'bad' }, false],
    [{ statusCode: 403, code: 'AuthorizationFailed', message: 'no' }, false],
  ])('%o is retryable: %s, and names the resource', (error, retryable) => {
    const mapped = providerError('creating virtual machine demo-cp-0', Object.assign(new Error(error.message), error));
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.message).toBe(`creating virtual machine demo-cp-0: ${error.code}: ${error.message}`);
  });

  it('treats 404 and *NotFound codes as gone', () => {
    expect(isNotFound({ statusCode: 404 })).toBe(true);
    expect(isNotFound({ code: 'ResourceGroupNotFound' })).toBe(true);
    expect(isNotFound({ statusCode: 409, code: 'Conflict' })).toBe(false);
  });
});

describe('parseId', () => {
  it.each([
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet',
      { resourceGroup: 'rg', name: 'vnet', type: 'Microsoft.Network/virtualNetworks' },
    ],
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z.example.com/virtualNetworkLinks/l',
      { resourceGroup: 'rg', name: 'z.example.com/l', type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks' },
    ],
    ['/subscriptions/s/resourceGroups/rg', { resourceGroup: 'rg', name: 'rg', type: 'Microsoft.Resources/resourceGroups' }],
  ])('%s', (id, parsed) => {
    expect(parseId(id)).toEqual(parsed);
  });
});
