import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateCluster } from '../parse-cluster';
import { ClusterSchema } from './cluster-schema';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTHlhzZZRne8InWAbk7dP3I admin@example.com';

/** A valid document with two pools, the base every invalid case edits. */
function baseDocument(): Record<string, unknown> {
  return {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'demo' },
    spec: {
      platform: { local: {} },
      controlPlane: { replicas: 1, machineType: 'small' },
      workers: [
        { name: 'default', replicas: 2 },
        { name: 'edge', replicas: 1, labels: { 'example.com/tier': 'edge' }, taints: [{ key: 'example.com/edge', effect: 'NoSchedule' }] },
      ],
      networking: { machineCIDR: '10.0.0.0/16', podCIDR: '10.128.0.0/14', serviceCIDR: '172.30.0.0/16' },
      sshAuthorizedKeys: [KEY],
    },
  };
}

type Edit = (document: Record<string, unknown>) => void;

/** Splits `spec.workers[1].replicas` into `['spec', 'workers', 1, 'replicas']`. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

function parentOf(document: Record<string, unknown>, path: string): [Record<string | number, unknown>, string | number] {
  const parts = segments(path);
  const last = parts.pop()!;
  let node = document as Record<string | number, unknown>;
  for (const part of parts) node = node[part] as Record<string | number, unknown>;
  return [node, last];
}

/** Sets the value at a dotted path. */
const set =
  (path: string, value: unknown): Edit =>
  (document) => {
    const [parent, key] = parentOf(document, path);
    parent[key] = value;
  };

/** Removes the field at a dotted path. */
const remove =
  (path: string): Edit =>
  (document) => {
    const [parent, key] = parentOf(document, path);
    delete parent[key];
  };

const all =
  (...edits: Edit[]): Edit =>
  (document) =>
    edits.forEach((edit) => edit(document));

const aws = (extra: Record<string, unknown> = {}) => set('spec.platform', { aws: { region: 'us-east-1', ...extra } });

/** label, edit, and the exact problems expected: path → a fragment of its message. */
const INVALID: [string, Edit, Record<string, string>][] = [
  ['an uppercase name', set('metadata.name', 'Demo'), { 'metadata.name': 'try "demo"' }],
  ['a name over 32 characters', set('metadata.name', 'a'.repeat(33)), { 'metadata.name': 'at most 32 characters' }],
  ['a name with a leading dash', set('metadata.name', '-demo'), { 'metadata.name': 'DNS-1123 label' }],
  ['a name with an underscore', set('metadata.name', 'my_cluster'), { 'metadata.name': 'try "my-cluster"' }],
  ['an empty name', set('metadata.name', ''), { 'metadata.name': 'must not be empty' }],
  ['a missing name', remove('metadata.name'), { 'metadata.name': 'is required' }],
  ['a wrong apiVersion', set('apiVersion', 'strata.dev/v1'), { apiVersion: 'must be "strata.dev/v1alpha1"; got "strata.dev/v1"' }],
  ['a wrong kind', set('kind', 'Clusters'), { kind: 'must be "Cluster"' }],
  ['an unknown top-level field', set('status', {}), { status: 'unknown field' }],
  ['an unknown spec field', set('spec.region', 'x'), { 'spec.region': 'unknown field' }],
  ['an unknown pool field', set('spec.workers[0].replica', 3), { 'spec.workers[0].replica': 'did you mean "replicas"?' }],
  ['an unknown platform field', set('spec.platform.local.port', 6443), { 'spec.platform.local.port': 'allowed fields here: stateDir, addressRange, apiPort' }],
  ['an unknown networking field', set('spec.networking.podCidr', '10.128.0.0/14'), { 'spec.networking.podCidr': 'did you mean "podCIDR"?' }],
  ['an unknown platform', set('spec.platform', { gcp: {} }), { 'spec.platform.gcp': 'unknown field', 'spec.platform': 'choose exactly one platform' }],
  ['two platforms', set('spec.platform', { local: {}, openstack: { cloud: 'x', externalNetwork: 'public' } }), { 'spec.platform': 'sets local and openstack' }],
  ['no platform', set('spec.platform', {}), { 'spec.platform': 'choose exactly one platform' }],
  ['a missing platform', remove('spec.platform'), { 'spec.platform': 'is required' }],
  ['controlPlane replicas 2', set('spec.controlPlane.replicas', 2), { 'spec.controlPlane.replicas': 'must be 1, 3 or 5 (etcd needs an odd quorum); got 2' }],
  ['controlPlane replicas 0', set('spec.controlPlane.replicas', 0), { 'spec.controlPlane.replicas': 'got 0' }],
  ['controlPlane replicas as a string', set('spec.controlPlane.replicas', '3'), { 'spec.controlPlane.replicas': 'write it without quotes: 3' }],
  ['a negative worker count', set('spec.workers[1].replicas', -1), { 'spec.workers[1].replicas': 'from 0 to 10000; got -1' }],
  ['a fractional worker count', set('spec.workers[1].replicas', 1.5), { 'spec.workers[1].replicas': 'whole number' }],
  ['a missing worker count', remove('spec.workers[0].replicas'), { 'spec.workers[0].replicas': 'is required' }],
  ['duplicate pool names', set('spec.workers[1].name', 'default'), { 'spec.workers[1].name': 'already the name of spec.workers[0]' }],
  ['an uppercase pool name', set('spec.workers[0].name', 'Default'), { 'spec.workers[0].name': 'DNS-1123 label' }],
  ['a pool named like the control plane', set('spec.workers[0].name', 'cp'), { 'spec.workers[0].name': 'reserved for the control plane' }],
  ['a pool name over 24 characters', set('spec.workers[0].name', 'p'.repeat(25)), { 'spec.workers[0].name': 'at most 24' }],
  ['workers as a mapping', set('spec.workers', { default: { replicas: 2 } }), { 'spec.workers': 'must be a list; got a mapping' }],
  ['an unknown machine type', set('spec.workers[0].machineType', 'huge'), { 'spec.workers[0].machineType': 'must be one of "small", "medium", "large"' }],
  ['a CIDR that is not one', set('spec.networking.machineCIDR', 'ten-net'), { 'spec.networking.machineCIDR': 'must be an IPv4 CIDR' }],
  ['a CIDR with host bits', set('spec.networking.machineCIDR', '10.0.0.1/16'), { 'spec.networking.machineCIDR': 'write the network address 10.0.0.0/16' }],
  ['a CIDR with prefix 33', set('spec.networking.podCIDR', '10.128.0.0/33'), { 'spec.networking.podCIDR': 'from 0 to 32' }],
  ['a CIDR with an octet over 255', set('spec.networking.serviceCIDR', '172.300.0.0/16'), { 'spec.networking.serviceCIDR': 'not an IPv4 address' }],
  ['an IPv6 CIDR', set('spec.networking.serviceCIDR', 'fd00::/108'), { 'spec.networking.serviceCIDR': 'not an IPv4 address' }],
  ['overlapping machine and pod CIDRs', set('spec.networking.podCIDR', '10.0.0.0/14'), { 'spec.networking.podCIDR': 'overlaps machineCIDR 10.0.0.0/16' }],
  [
    'overlapping pod and service CIDRs',
    set('spec.networking.serviceCIDR', '10.130.0.0/16'),
    { 'spec.networking.serviceCIDR': 'overlaps podCIDR 10.128.0.0/14' },
  ],
  ['overlapping machine and service CIDRs', set('spec.networking.serviceCIDR', '10.0.128.0/20'), { 'spec.networking.serviceCIDR': 'overlaps machineCIDR' }],
  [
    'a service CIDR without room for the DNS IP',
    set('spec.networking.serviceCIDR', '172.30.0.0/29'),
    { 'spec.networking.serviceCIDR': 'no room for the first service IP' },
  ],
  ['a service CIDR larger than a /12', set('spec.networking.serviceCIDR', '172.0.0.0/11'), { 'spec.networking.serviceCIDR': 'at most a /12' }],
  ['a pod CIDR smaller than one node range', set('spec.networking.podCIDR', '10.128.0.0/25'), { 'spec.networking.podCIDR': 'smaller than one node' }],
  [
    'a pod CIDR with too few node ranges',
    (document) => {
      // Calico, which takes a /23 as such; flannel refuses it for its own reason (pod-network.spec.ts).
      set('spec.networking.network', 'calico')(document);
      set('spec.networking.podCIDR', '10.128.0.0/23')(document);
    },
    { 'spec.networking.podCIDR': 'holds 2 node pod ranges (/24 each) but the cluster has 4 nodes' },
  ],
  ['a loopback machine CIDR', set('spec.networking.machineCIDR', '127.0.0.0/16'), { 'spec.networking.machineCIDR': 'loopback' }],
  [
    'an SSH key of an unsupported type',
    set('spec.sshAuthorizedKeys', [KEY.replace('ssh-ed25519', 'ssh-dss')]),
    { 'spec.sshAuthorizedKeys[0]': 'unsupported key type "ssh-dss"' },
  ],
  ['an SSH key with bad base64', set('spec.sshAuthorizedKeys', [KEY, 'ssh-ed25519 AAAA$$$$ me']), { 'spec.sshAuthorizedKeys[1]': 'not valid base64' }],
  [
    'an SSH key whose blob is another type',
    set('spec.sshAuthorizedKeys', [KEY.replace('ssh-ed25519', 'ecdsa-sha2-nistp256')]),
    { 'spec.sshAuthorizedKeys[0]': 'but the line says "ecdsa-sha2-nistp256"' },
  ],
  [
    'an SSH private key',
    set('spec.sshAuthorizedKeys', ['-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA']),
    { 'spec.sshAuthorizedKeys[0]': 'private key' },
  ],
  [
    'an unsupported Kubernetes version',
    set('spec.kubernetesVersion', 'v1.30.0'),
    { 'spec.kubernetesVersion': 'not a supported Kubernetes version; use one of v1.37.2' },
  ],
  ['a Kubernetes version without v', set('spec.kubernetesVersion', '1.37.2'), { 'spec.kubernetesVersion': 'write the version with a leading v: v1.37.2' }],
  ['a Kubernetes version as a number', set('spec.kubernetesVersion', 1.37), { 'spec.kubernetesVersion': 'must be a string; got a number' }],
  ['aws without baseDomain', aws(), { 'spec.baseDomain': 'is required on aws' }],
  [
    'azure without baseDomain',
    set('spec.platform', { azure: { subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91', location: 'westeurope' } }),
    { 'spec.baseDomain': 'is required on azure' },
  ],
  ['an invalid baseDomain', all(aws(), set('spec.baseDomain', 'Example..com')), { 'spec.baseDomain': 'must be a DNS name' }],
  ['a bad label key', set('spec.workers[1].labels', { 'Bad Key': 'x' }), { 'spec.workers[1].labels["Bad Key"]': 'label key name "Bad Key"' }],
  ['a bad label value', set('spec.workers[1].labels', { tier: 'has space' }), { 'spec.workers[1].labels.tier': 'label value "has space"' }],
  ['a label value that is a number', set('spec.workers[1].labels', { tier: 1 }), { 'spec.workers[1].labels.tier': 'put it in quotes: "1"' }],
  [
    'a bad taint effect',
    set('spec.workers[1].taints[0].effect', 'NoScheduling'),
    { 'spec.workers[1].taints[0].effect': 'must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  ],
  ['a taint without key', remove('spec.workers[1].taints[0].key'), { 'spec.workers[1].taints[0].key': 'is required' }],
  [
    'a repeated taint',
    set('spec.workers[1].taints', [
      { key: 'a', effect: 'NoSchedule' },
      { key: 'a', value: 'b', effect: 'NoSchedule' },
    ]),
    { 'spec.workers[1].taints[1]': 'repeats the taint a' },
  ],
  [
    'a local addressRange outside 127/8',
    set('spec.platform.local', { addressRange: '10.1.0.0/24' }),
    { 'spec.platform.local.addressRange': 'inside the loopback network 127.0.0.0/8' },
  ],
  [
    'a local addressRange too small',
    set('spec.platform.local', { addressRange: '127.1.0.0/30' }),
    { 'spec.platform.local.addressRange': 'has 2 usable addresses but the cluster needs 5 (1 API endpoint + 4 machines)' },
  ],
  [
    'a local addressRange holding 127.0.0.1',
    set('spec.platform.local', { addressRange: '127.0.0.0/24' }),
    { 'spec.platform.local.addressRange': 'must not include 127.0.0.1' },
  ],
  ['a privileged local apiPort', set('spec.platform.local', { apiPort: 443 }), { 'spec.platform.local.apiPort': 'from 1024 to 65535' }],
  [
    'an update server that is not a URL',
    set('spec.os', { updateServer: 'updates.example.com' }),
    { 'spec.os.updateServer': 'must be an absolute http(s) URL' },
  ],
  [
    'an update payload key that is not PEM',
    set('spec.os', { updatePayloadKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTHlhzZZRne8InWAbk7dP3I admin@example.com'] }),
    { 'spec.os.updatePayloadKeys[0]': 'must be a PEM public key' },
  ],
  [
    'an update payload key that is not Ed25519',
    set('spec.os', {
      updatePayloadKeys: [
        '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEp2zzYmwXjZrZq5n7c4vWkXzJ3f3nQpVt1oQ1m6b0nq5G0kTn6G1k1m4cJm2tZ7f1xYQ0w1d3m9Vx2pWq7cQxRw==\n-----END PUBLIC KEY-----',
      ],
    }),
    { 'spec.os.updatePayloadKeys[0]': 'must be an Ed25519 public key' },
  ],
  ['an unknown OS channel', set('spec.os', { channel: 'nightly' }), { 'spec.os.channel': 'must be one of "stable", "beta", "alpha"; got "nightly"' }],
  [
    'an aws zone outside the region',
    all(aws({ zones: ['us-west-2a'] }), set('spec.baseDomain', 'example.com')),
    { 'spec.platform.aws.zones[0]': 'not in region us-east-1' },
  ],
  [
    'an aws endpoint that is not http(s)',
    all(aws({ endpoints: { ec2: 'ftp://ec2.local' } }), set('spec.baseDomain', 'example.com')),
    { 'spec.platform.aws.endpoints.ec2': 'must use http or https' },
  ],
  [
    'an azure subscription that is not a UUID',
    all(set('spec.platform', { azure: { subscriptionId: 'my-sub', location: 'westeurope' } }), set('spec.baseDomain', 'example.com')),
    { 'spec.platform.azure.subscriptionId': 'must be a UUID' },
  ],
  [
    'openstack without credentials',
    all(set('spec.platform', { openstack: { externalNetwork: 'public' } }), set('spec.baseDomain', 'example.com')),
    { 'spec.platform.openstack': 'needs credentials' },
  ],
  ['a license without file', set('spec.license', {}), { 'spec.license.file': 'is required' }],
  [
    'an empty mapping',
    (document) => Object.keys(document).forEach((key) => delete document[key]),
    { apiVersion: 'is required', kind: 'is required', metadata: 'is required', spec: 'is required' },
  ],
];

describe('ClusterSchema rejects invalid documents', () => {
  it('starts from a valid base document', () => {
    expect(validateCluster(baseDocument())).toMatchObject({ ok: true });
  });

  it.each(INVALID)('rejects %s', (_label, edit, expected) => {
    const document = baseDocument();
    edit(document);
    const result = validateCluster(document);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect([...new Set(problems.map((p) => p.path))].sort()).toEqual(Object.keys(expected).sort());
    for (const [path, fragment] of Object.entries(expected)) {
      expect(
        problems
          .filter((p) => p.path === path)
          .map((p) => p.message)
          .join('\n'),
      ).toContain(fragment);
    }
  });

  it('has at least 35 cases', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(35);
  });

  it('rejects a document that is not a mapping', () => {
    expect(validateCluster(['apiVersion'])).toEqual({ ok: false, problems: [{ path: '(document)', message: 'must be a mapping; got a list ["apiVersion"]' }] });
    expect(validateCluster(null)).toMatchObject({ ok: false, problems: [{ path: '(document)', message: expect.stringContaining('empty') }] });
  });
});

describe('ClusterSchema reports every problem at once', () => {
  it('returns field, type, unknown-field and cross-field problems together', () => {
    const document = baseDocument();
    all(
      set('metadata.name', 'Bad_Name'),
      set('spec.controlPlane.replicas', 2),
      set('spec.workers[1].name', 'default'),
      set('spec.workers[1].replicas', '3'),
      set('spec.workers[0].extra', true),
      set('spec.networking.podCIDR', '10.0.0.0/14'),
      set('spec.networking.serviceCIDR', '10.0.0.0/24'),
      set('spec.platform', { local: {}, aws: { region: 'us-east-1' } }),
      set('spec.sshAuthorizedKeys', ['ssh-dss AAAA']),
    )(document);
    const result = validateCluster(document);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      'metadata.name',
      'spec.platform',
      'spec.controlPlane.replicas',
      'spec.workers[0].extra',
      'spec.workers[1].replicas',
      'spec.sshAuthorizedKeys[0]',
      'spec.networking.podCIDR',
      'spec.networking.serviceCIDR',
      'spec.networking.serviceCIDR',
      'spec.workers[1].name',
    ]);
  });

  it('throws nothing from ClusterSchema.safeParse and keeps zod issues for callers that use zod directly', () => {
    const result = ClusterSchema.safeParse({ ...baseDocument(), kind: 'Other' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['kind']);
  });
});

describe('ClusterSchema fills defaults', () => {
  it('writes out every default of a minimal local document', () => {
    const result = validateCluster({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'mini' }, spec: { platform: { local: {} } } });
    expect(result).toEqual({
      ok: true,
      cluster: {
        apiVersion: 'strata.dev/v1alpha1',
        kind: 'Cluster',
        metadata: { name: 'mini' },
        spec: {
          kubernetesVersion: 'v1.37.2',
          platform: { local: { stateDir: '~/.strata/local', addressRange: '127.1.0.0/24', apiPort: 6443 } },
          controlPlane: { replicas: 1, machineType: 'medium' },
          workers: [{ name: 'default', replicas: 2, machineType: 'small', labels: {}, taints: [] }],
          networking: {
            machineCIDR: '10.0.0.0/16',
            podCIDR: '10.128.0.0/14',
            serviceCIDR: '172.30.0.0/16',
            clusterDomain: 'cluster.local',
            network: 'flannel',
            proxyMode: 'iptables',
          },
          os: { channel: 'stable', updatePayloadKeys: [] },
          sshAuthorizedKeys: [],
        },
      },
    });
  });

  it('fills platform defaults on aws, azure and openstack', () => {
    const base = { apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'c' } };
    const ok = (platform: Record<string, unknown>) => {
      const result = validateCluster({ ...base, spec: { baseDomain: 'example.com', platform } });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.cluster.spec.platform;
    };
    expect(ok({ aws: { region: 'us-east-1' } }).aws).toEqual({ region: 'us-east-1', zones: [], instanceTypes: {}, endpoints: {}, tags: {} });
    expect(ok({ azure: { subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91', location: 'westeurope' } }).azure).toEqual({
      subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91',
      location: 'westeurope',
      cloudName: 'AzurePublicCloud',
      endpoints: {},
      vmSizes: {},
    });
    expect(
      ok({
        openstack: {
          auth: { authUrl: 'https://keystone.example.com:5000/v3', username: 'u', projectName: 'p', credentialsSecretFile: './pw' },
          externalNetwork: 'public',
        },
      }).openstack?.auth,
    ).toEqual({
      authUrl: 'https://keystone.example.com:5000/v3',
      username: 'u',
      userDomainName: 'Default',
      projectName: 'p',
      projectDomainName: 'Default',
      credentialsSecretFile: './pw',
    });
  });

  it('accepts an update server and the Ed25519 keys strata os build-image writes', () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const document = baseDocument();
    set('spec.os', { channel: 'beta', updateServer: 'http://127.0.0.1:8600/v1/update/', updatePayloadKeys: [pem] })(document);
    const result = validateCluster(document);
    expect(result.ok && result.cluster.spec.os).toEqual({ channel: 'beta', updateServer: 'http://127.0.0.1:8600/v1/update/', updatePayloadKeys: [pem] });
  });

  it('keeps values the user wrote over defaults', () => {
    const document = baseDocument();
    set('spec.os', { channel: 'alpha' })(document);
    const result = validateCluster(document);
    expect(result.ok && result.cluster.spec.os.channel).toBe('alpha');
    expect(result.ok && result.cluster.spec.controlPlane.machineType).toBe('small');
  });

  it('is idempotent: a defaulted cluster validates to itself', () => {
    const first = validateCluster(baseDocument());
    expect(first.ok).toBe(true);
    expect(validateCluster(first.ok ? first.cluster : undefined)).toEqual(first);
  });
});
