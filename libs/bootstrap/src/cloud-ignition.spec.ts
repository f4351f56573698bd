// The Ignition configs of cloud machines, rendered from the example documents: what a
// Flatcar machine needs to fetch and run the kubelet of the pinned version.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { fileContents, parseIgnition, type IgnitionConfig } from '@strata/ignition';
import { writeAssetDirectory, type WriteResult } from './asset-directory';
import { etcdImage, kubernetesImage } from './images';
import { renderClusterAssets } from './render-assets';
import type { PlacedMachine } from './topology';

const VALIDATOR = '/usr/bin/ignition-validate';
const EXAMPLES = join(import.meta.dirname, '../../../examples');
const work = mkdtempSync(join(tmpdir(), 'strata-cloud-ignition-'));
const decoder = new TextDecoder();

afterAll(() => rmSync(work, { recursive: true, force: true }));

function example(name: string): Cluster {
  const file = join(EXAMPLES, `${name}.yaml`);
  return parseCluster(readFileSync(file, 'utf8'), { source: file });
}

/** The machine's embedded file at `path`, decoded; undefined when the config has none. */
function embedded(config: IgnitionConfig, path: string): string | undefined {
  const bytes = fileContents(config, path);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

function unitOf(config: IgnitionConfig, name: string) {
  return config.systemd?.units?.find((u) => u.name === name);
}

/** The arguments of a unit's ExecStart, with its line continuations joined. */
function execStartArgs(unit: string): string[] {
  const line = unit
    .replace(/\\\n/g, ' ')
    .split('\n')
    .find((l) => l.startsWith('ExecStart='));
  return (line ?? '').slice('ExecStart='.length).trim().split(/\s+/);
}

function validate(name: string, json: string): { status: number | null; output: string } {
  const file = join(work, `${name}.ign`);
  writeFileSync(file, json);
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

const MANIFESTS = ['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml'];

describe('Ignition configs of AWS machines (examples/aws.yaml)', () => {
  let cluster: Cluster;
  let assets: WriteResult;
  const dir = join(work, 'aws-assets');
  const json = (machine: PlacedMachine) => readFileSync(join(dir, 'ignition', `${machine.name}.ign`), 'utf8');
  const config = (machine: PlacedMachine) => parseIgnition(json(machine));
  const all = () => [...assets.topology.controlPlane, ...assets.topology.workers];
  const controlPlane = () => assets.topology.controlPlane[0]!;
  /** One worker of each pool: the general pool has labels, the batch pool a taint. */
  const workers = () => ['general', 'batch'].map((pool) => assets.topology.workers.find((m) => m.pool === pool)!);
  const sample = () => [controlPlane(), ...workers()];

  beforeAll(async () => {
    cluster = example('aws');
    assets = await writeAssetDirectory(dir, cluster);
  });

  it('writes one config per machine', () => {
    const replicas = cluster.spec.controlPlane.replicas + cluster.spec.workers.reduce((n, p) => n + p.replicas, 0);
    expect(all()).toHaveLength(replicas);
    for (const machine of all()) expect(() => config(machine), machine.name).not.toThrow();
  });

  it('fetches the kubelet of the pinned version from dl.k8s.io into /opt/bin, executable', () => {
    const version = cluster.spec.kubernetesVersion;
    for (const machine of sample()) {
      const kubelet = config(machine).storage?.files?.find((f) => f.path === '/opt/bin/kubelet');
      expect(kubelet, machine.name).toEqual({
        path: '/opt/bin/kubelet',
        overwrite: true,
        contents: { source: `https://dl.k8s.io/release/${version}/bin/linux/amd64/kubelet` },
        mode: 0o755,
      });
    }
  });

  it('enables kubelet.service with an external cloud provider, the fixed address and the provider ID from the instance metadata', () => {
    for (const machine of sample()) {
      const unit = unitOf(config(machine), 'kubelet.service');
      expect(unit?.enabled, machine.name).toBe(true);
      const contents = unit?.contents ?? '';
      const lines = contents.split('\n');
      expect(lines).toEqual(
        expect.arrayContaining(['Requires=coreos-metadata.service', 'After=coreos-metadata.service', 'EnvironmentFile=/run/metadata/flatcar']),
      );
      // The metadata requirement belongs to [Unit], the environment file to [Service].
      expect(lines.indexOf('Requires=coreos-metadata.service')).toBeLessThan(lines.indexOf('[Service]'));
      expect(lines.indexOf('EnvironmentFile=/run/metadata/flatcar')).toBeGreaterThan(lines.indexOf('[Service]'));
      const args = execStartArgs(contents);
      expect(args[0]).toBe('/opt/bin/kubelet');
      expect(args).toEqual(
        expect.arrayContaining([
          '--cloud-provider=external',
          `--node-ip=${machine.address}`,
          '--provider-id=aws:///${COREOS_EC2_AVAILABILITY_ZONE}/${COREOS_EC2_INSTANCE_ID}',
          `--hostname-override=${machine.name}`,
          `--kubeconfig=/etc/kubernetes/auth/kubelet-${machine.name}.kubeconfig`,
          '--config=/var/lib/kubelet/config.yaml',
        ]),
      );
      const labels = args
        .find((a) => a.startsWith('--node-labels='))!
        .slice('--node-labels='.length)
        .split(',');
      expect(labels).toContain(`strata.dev/pool=${machine.pool}`);
      expect(labels).toContain(machine.role === 'control-plane' ? 'node-role.kubernetes.io/control-plane=' : 'node-role.kubernetes.io/worker=');
      for (const [key, value] of Object.entries(cluster.spec.workers.find((p) => p.name === machine.pool)?.labels ?? {})) {
        expect(labels).toContain(`${key}=${value}`);
      }
    }
  });

  it('gives each machine the fixed private address of its zone subnet', () => {
    const addresses = all().map((m) => m.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const address of addresses) expect(address).toMatch(/^10\.20\.\d+\.\d+$/);
  });

  it("enables Flatcar's own containerd.service", () => {
    for (const machine of sample()) expect(unitOf(config(machine), 'containerd.service'), machine.name).toEqual({ name: 'containerd.service', enabled: true });
  });

  it('writes a KubeletConfiguration using containerd, the systemd cgroup driver and the node taints', () => {
    for (const machine of sample()) {
      const kc = parse(embedded(config(machine), '/var/lib/kubelet/config.yaml') ?? '') as Record<string, unknown>;
      expect(kc, machine.name).toMatchObject({
        apiVersion: 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        address: machine.address,
        staticPodPath: '/etc/kubernetes/manifests',
        cgroupDriver: 'systemd',
        containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
        authentication: { anonymous: { enabled: false }, webhook: { enabled: true } },
        authorization: { mode: 'Webhook' },
        readOnlyPort: 0,
        tlsCertFile: `/etc/kubernetes/pki/kubelet/server-${machine.name}.crt`,
      });
      const taints = (kc['registerWithTaints'] as { key: string; effect: string }[]).map((t) => `${t.key}:${t.effect}`);
      if (machine.role === 'control-plane') expect(taints).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
      else if (machine.pool === 'batch') expect(taints).toEqual(['example.com/batch:NoSchedule']);
      else expect(taints).toEqual([]);
    }
  });

  it('puts the static control-plane manifests with the registry.k8s.io images of the pinned version on control-plane machines only', () => {
    const version = cluster.spec.kubernetesVersion;
    const expected: Record<string, string> = {
      'etcd.yaml': etcdImage(version),
      'kube-apiserver.yaml': kubernetesImage('kube-apiserver', version),
      'kube-controller-manager.yaml': kubernetesImage('kube-controller-manager', version),
      'kube-scheduler.yaml': kubernetesImage('kube-scheduler', version),
    };
    expect(expected['kube-apiserver.yaml']).toBe(`registry.k8s.io/kube-apiserver:${version}`);
    for (const member of assets.topology.controlPlane) {
      for (const manifest of MANIFESTS) {
        const pod = parse(embedded(config(member), `/etc/kubernetes/manifests/${manifest}`) ?? '') as { spec: { containers: { image: string }[] } };
        expect(pod.spec.containers[0]?.image, `${member.name} ${manifest}`).toBe(expected[manifest]);
        expect(pod.spec.containers[0]?.image.startsWith('registry.k8s.io/')).toBe(true);
      }
    }
    for (const worker of assets.topology.workers) {
      const paths = (config(worker).storage?.files ?? []).map((f) => f.path);
      expect(
        paths.filter((p) => p.startsWith('/etc/kubernetes/manifests/')),
        worker.name,
      ).toEqual([]);
    }
  });

  it('gives workers no CA private key', () => {
    const pki = assets.pki;
    const caKeys = [pki.ca.keyPem, pki.etcdCa.keyPem, pki.frontProxyCa.keyPem, pki.serviceAccount.privateKeyPem].map((k) => k.trim());
    for (const worker of assets.topology.workers) {
      const ign = config(worker);
      for (const file of ign.storage?.files ?? []) {
        expect(file.path, worker.name).not.toMatch(/ca\.key$|\/sa\.key$/);
        if (!file.contents?.source?.startsWith('data:')) continue;
        const contents = embedded(ign, file.path) ?? '';
        for (const key of caKeys) expect(contents.includes(key), `${worker.name} ${file.path}`).toBe(false);
      }
    }
    // The control plane does carry the cluster CA key, so the check above looks at real keys.
    expect(embedded(config(controlPlane()), '/etc/kubernetes/pki/ca.key')?.trim()).toBe(caKeys[0]);
  });

  it('renders configs that the real ignition-validate accepts without warnings', () => {
    for (const machine of all()) expect(validate(machine.name, json(machine)), machine.name).toEqual({ status: 0, output: '' });
  });
});

describe.each(['azure', 'openstack'])('Ignition configs of %s machines', (platform) => {
  it('fetch the pinned kubelet and run it with an external cloud provider and the fixed address, without an AWS provider ID', async () => {
    const cluster = example(platform);
    const { files, topology } = await renderClusterAssets(cluster);
    for (const machine of [topology.controlPlane[0]!, topology.workers[0]!]) {
      const json = files.find((f) => f.path === `ignition/${machine.name}.ign`)!.contents;
      const ign = parseIgnition(json);
      expect(ign.storage?.files?.find((f) => f.path === '/opt/bin/kubelet')?.contents?.source).toBe(
        `https://dl.k8s.io/release/${cluster.spec.kubernetesVersion}/bin/linux/amd64/kubelet`,
      );
      const unit = unitOf(ign, 'kubelet.service');
      expect(unit?.enabled).toBe(true);
      const args = execStartArgs(unit?.contents ?? '');
      expect(args).toEqual(expect.arrayContaining(['--cloud-provider=external', `--node-ip=${machine.address}`, `--hostname-override=${machine.name}`]));
      expect(args.some((a) => a.startsWith('--provider-id='))).toBe(false);
      expect(unit?.contents).not.toContain('coreos-metadata');
      expect(unitOf(ign, 'containerd.service')?.enabled).toBe(true);
      expect(validate(`${platform}-${machine.name}`, json)).toEqual({ status: 0, output: '' });
    }
  });
});

describe('Ignition configs of local machines (examples/local.yaml)', () => {
  it('run the node agent instead of a kubelet', async () => {
    const { files, topology } = await renderClusterAssets(example('local'));
    for (const machine of [...topology.controlPlane, ...topology.workers]) {
      const ign = parseIgnition(files.find((f) => f.path === `ignition/${machine.name}.ign`)!.contents);
      expect(unitOf(ign, 'kubelet.service'), machine.name).toBeUndefined();
      expect(unitOf(ign, 'containerd.service'), machine.name).toBeUndefined();
      const paths = (ign.storage?.files ?? []).map((f) => f.path);
      expect(paths).not.toContain('/opt/bin/kubelet');
      expect(paths).not.toContain('/var/lib/kubelet/config.yaml');
      expect(paths).toContain('/etc/strata/node-agent.json');
      // Everything a local machine gets is embedded: nothing is fetched at boot.
      for (const file of ign.storage?.files ?? []) expect(file.contents?.source?.startsWith('data:') ?? true, file.path).toBe(true);
    }
  });
});
