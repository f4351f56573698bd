import { generateKeyPairSync } from 'node:crypto';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fileContents, parseIgnition } from '@strata/ignition';
import type { V1Pod } from '@kubernetes/client-node';
import { renderClusterAssets } from './render-assets';
import { awsCluster, localCluster } from './testing/fixtures';
import { NodeAgentConfigSchema } from './node-agent-config';

const decoder = new TextDecoder();

function machineFiles(ign: string): Map<string, string> {
  const config = parseIgnition(ign);
  const files = new Map<string, string>();
  // Files Ignition fetches at boot (the kubelet binary on cloud machines) have no embedded contents.
  for (const f of config.storage?.files ?? []) {
    if (f.contents?.source?.startsWith('data:') !== false) files.set(f.path, decoder.decode(fileContents(config, f.path)!));
  }
  return files;
}

function commandOf(yaml: string): string[] {
  return (parse(yaml) as V1Pod).spec!.containers[0]!.command!;
}

describe('renderClusterAssets', () => {
  it('renders one Ignition config per machine and four manifests per control-plane member', async () => {
    const { files } = await renderClusterAssets(localCluster({ controlPlane: 3, workers: 2 }));
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('ignition/'))).toHaveLength(5);
    expect(paths.filter((p) => p.startsWith('manifests/') && !p.startsWith('manifests/addons/'))).toHaveLength(12);
    expect(paths).toContain('cluster.yaml');
    expect(paths).toContain('auth/admin.kubeconfig');
  });

  it('gives workers no CA private key, no static manifests and no control-plane kubeconfig', async () => {
    const { files, pki } = await renderClusterAssets(localCluster());
    const caKeys = [pki.ca.keyPem, pki.etcdCa.keyPem, pki.frontProxyCa.keyPem, pki.serviceAccount.privateKeyPem];
    for (const f of files.filter((f) => f.path.startsWith('ignition/test-default-'))) {
      const onMachine = machineFiles(f.contents);
      for (const [path, contents] of onMachine) {
        for (const key of caKeys) expect(contents, path).not.toContain(key.trim());
        expect(path).not.toMatch(/manifests|ca\.key|controller-manager|scheduler|admin/);
      }
    }
  });

  it.each([
    ['etcd.yaml', ['--client-cert-auth=true', '--peer-client-cert-auth=true', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt']],
    [
      'kube-apiserver.yaml',
      [
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
      ],
    ],
    ['kube-controller-manager.yaml', ['--use-service-account-credentials=true', '--leader-elect=true', '--allocate-node-cidrs=true']],
    ['kube-scheduler.yaml', ['--leader-elect=true', '--secure-port=10259']],
  ])('renders %s with secure flags', async (manifest, expected) => {
    const { files } = await renderClusterAssets(localCluster());
    const yaml = files.find((f) => f.path === `manifests/test-cp-0/${manifest}`)!.contents;
    const command = commandOf(yaml);
    expect(command).toEqual(expect.arrayContaining(expected));
    expect(command.filter((f) => f.startsWith('--insecure'))).toEqual([]);
  });

  it('lists every member in etcd --initial-cluster and kube-apiserver --etcd-servers', async () => {
    const { files, topology } = await renderClusterAssets(localCluster({ controlPlane: 3 }));
    const etcd = commandOf(files.find((f) => f.path === 'manifests/test-cp-1/etcd.yaml')!.contents);
    const api = commandOf(files.find((f) => f.path === 'manifests/test-cp-2/kube-apiserver.yaml')!.contents);
    const addresses = topology.controlPlane.map((m) => m.address);
    expect(etcd.find((f) => f.startsWith('--initial-cluster='))).toBe(
      `--initial-cluster=${topology.controlPlane.map((m) => `${m.name}=https://${m.address}:2380`).join(',')}`,
    );
    expect(api.find((f) => f.startsWith('--etcd-servers='))).toBe(`--etcd-servers=${addresses.map((a) => `https://${a}:2379`).join(',')}`);
  });

  it('writes a node-agent configuration on local machines with the providerID and role labels', async () => {
    const { files } = await renderClusterAssets(localCluster());
    const agent = NodeAgentConfigSchema.parse(
      JSON.parse(machineFiles(files.find((f) => f.path === 'ignition/test-default-1.ign')!.contents).get('/etc/strata/node-agent.json')!),
    );
    expect(agent.providerID).toBe('local://test/test-default-1');
    expect(agent.labels).toMatchObject({ 'node-role.kubernetes.io/worker': '', 'strata.dev/pool': 'default', tier: 'web' });
    expect(agent.os.channel).toBe('stable');
  });

  it('writes the kubelet unit and configuration on cloud machines, and the update settings everywhere', async () => {
    const { files } = await renderClusterAssets(awsCluster());
    const ign = files.find((f) => f.path === 'ignition/prod-default-0.ign')!.contents;
    const config = parseIgnition(ign);
    expect(config.systemd?.units?.map((u) => u.name)).toEqual(expect.arrayContaining(['kubelet.service', 'containerd.service']));
    const onMachine = machineFiles(ign);
    expect(onMachine.get('/var/lib/kubelet/config.yaml')).toContain('anonymous:\n    enabled: false');
    expect(onMachine.get('/etc/flatcar/update.conf')).toBe('GROUP=stable\nSERVER=https://updates.prod.example.com/v1/update/\n');
  });

  it('points the machines at the update server of the document and writes the keys they accept images from', async () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const base = localCluster();
    const cluster = {
      ...base,
      spec: { ...base.spec, os: { channel: 'beta' as const, updateServer: 'http://127.0.0.1:18600/v1/update/', updatePayloadKeys: [pem] } },
    };
    const { files } = await renderClusterAssets(cluster);
    const onMachine = machineFiles(files.find((f) => f.path === 'ignition/test-default-1.ign')!.contents);
    expect(onMachine.get('/etc/flatcar/update.conf')).toBe('GROUP=beta\nSERVER=http://127.0.0.1:18600/v1/update/\n');
    expect(onMachine.get('/etc/strata/update-payload-keys.pem')).toBe(pem.trim() + '\n');
    // Without keys the machines get no key file, so they install no update.
    const plain = await renderClusterAssets(localCluster());
    expect(machineFiles(plain.files.find((f) => f.path === 'ignition/test-default-1.ign')!.contents).has('/etc/strata/update-payload-keys.pem')).toBe(false);
  });

  it('is deterministic for the same PKI', async () => {
    const cluster = localCluster();
    const first = await renderClusterAssets(cluster);
    const second = await renderClusterAssets(cluster, first.pki);
    expect(second.files).toEqual(first.files);
  });
});
