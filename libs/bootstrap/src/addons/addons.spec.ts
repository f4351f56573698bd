import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ADDON_RECORD, parseAddonRecord } from '@strata/install-contract';
import { writeAssetDirectory } from '../asset-directory';
import { sha256 } from '../asset-directory';
import { renderClusterAssets } from '../render-assets';
import { localCluster } from '../testing/fixtures';
import { topologyOf } from '../topology';
import { pairedImages } from '../images';
import { addonManifestFiles, clusterAddons, type AddonObject } from './index';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Manifests are plain data here; the tests walk into them by known paths.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = AddonObject & { spec?: any; data?: Record<string, string> };

function objectsOf(networking: Record<string, unknown> = {}): Obj[] {
  const cluster = localCluster({ networking });
  return clusterAddons(cluster, topologyOf(cluster)).flatMap((a) => a.objects) as Obj[];
}

function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

function envOf(container: { env?: { name: string; value?: string }[] }, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

describe('cluster add-ons', () => {
  it('puts CoreDNS on the tenth address of serviceCIDR, serving the document cluster domain', () => {
    const objects = objectsOf({ serviceCIDR: '10.96.0.0/16', clusterDomain: 'corp.internal' });
    expect(find(objects, 'Service', 'kube-dns').spec.clusterIP).toBe('10.96.0.10');
    const corefile = find(objects, 'ConfigMap', 'coredns').data!['Corefile']!;
    expect(corefile).toContain('kubernetes corp.internal in-addr.arpa ip6.arpa {');
    expect(corefile).toContain('disable success corp.internal');
    expect(corefile).not.toContain('cluster.local');
    const deployment = find(objects, 'Deployment', 'coredns');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].image).toBe(`registry.k8s.io/coredns/coredns:v1.14.6@${pairedImages('v1.37.2').coredns.digest}`);
  });

  it('configures kube-proxy of the cluster version with podCIDR and the chosen proxy mode', () => {
    for (const mode of ['iptables', 'nftables']) {
      const objects = objectsOf({ podCIDR: '10.200.0.0/16', proxyMode: mode });
      const config = parse(find(objects, 'ConfigMap', 'kube-proxy').data!['config.conf']!) as Record<string, unknown>;
      expect(config).toMatchObject({ kind: 'KubeProxyConfiguration', clusterCIDR: '10.200.0.0/16', mode });
      const ds = find(objects, 'DaemonSet', 'kube-proxy');
      expect(ds.spec.template.spec.containers[0].image).toBe('registry.k8s.io/kube-proxy:v1.37.2');
      expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    }
  });

  it('points kube-proxy at the API load balancer, not at a Service that needs kube-proxy', () => {
    const cluster = localCluster();
    const objects = clusterAddons(cluster, topologyOf(cluster)).flatMap((a) => a.objects) as Obj[];
    const kubeconfig = parse(find(objects, 'ConfigMap', 'kube-proxy').data!['kubeconfig.conf']!) as { clusters: { cluster: { server: string } }[] };
    expect(kubeconfig.clusters[0]!.cluster.server).toBe(topologyOf(cluster).apiEndpoint.url);
  });

  it('installs flannel by default, on podCIDR with the /24 each node gets', () => {
    const objects = objectsOf({ podCIDR: '10.244.0.0/16' });
    const netConf = JSON.parse(find(objects, 'ConfigMap', 'kube-flannel-cfg').data!['net-conf.json']!) as Record<string, unknown>;
    expect(netConf).toEqual(expect.objectContaining({ Network: '10.244.0.0/16', SubnetLen: 24, Backend: { Type: 'vxlan' } }));
    expect(find(objects, 'DaemonSet', 'kube-flannel-ds').spec.template.spec.containers[0].args).toContain('--kube-subnet-mgr');
    expect(objects.some((o) => o.metadata.name === 'calico-node')).toBe(false);
  });

  it('installs Calico when chosen, with its IP pool on podCIDR and no flannel', () => {
    const objects = objectsOf({ network: 'calico', podCIDR: '10.244.0.0/16' });
    const node = find(objects, 'DaemonSet', 'calico-node').spec.template.spec.containers[0];
    expect(envOf(node, 'CALICO_IPV4POOL_CIDR')).toBe('10.244.0.0/16');
    expect(envOf(node, 'CALICO_IPV4POOL_BLOCK_SIZE')).toBe('26');
    expect(envOf(node, 'CALICO_IPV4POOL_VXLAN')).toBe('Always');
    expect(find(objects, 'CustomResourceDefinition', 'ippools.crd.projectcalico.org').spec.scope).toBe('Cluster');
    expect(find(objects, 'CustomResourceDefinition', 'networkpolicies.crd.projectcalico.org').spec.scope).toBe('Namespaced');
    expect(objects.some((o) => o.metadata.namespace === 'kube-flannel')).toBe(false);
    // The CNI configuration install-cni writes must stay valid JSON once it fills in the MTU.
    const cni = find(objects, 'ConfigMap', 'calico-config').data!['cni_network_config']!;
    expect(() => JSON.parse(cni.replace('__CNI_MTU__', '1450'))).not.toThrow();
  });

  it('labels every object with its add-on and records each add-on with its workloads', () => {
    const cluster = localCluster();
    const files = addonManifestFiles(clusterAddons(cluster, topologyOf(cluster)));
    expect(files.map((f) => f.path)).toEqual([
      'manifests/addons/01-kube-proxy.yaml',
      'manifests/addons/02-flannel.yaml',
      'manifests/addons/03-coredns.yaml',
      'manifests/addons/04-strata-addons.yaml',
    ]);
    for (const f of files.slice(0, 3)) {
      const name = f.path.replace(/^.*\d\d-|\.yaml$/g, '');
      for (const doc of parseAllDocuments(f.contents) as { toJS(): Obj }[]) expect(doc.toJS().metadata.labels?.['strata.dev/addon']).toBe(name);
    }
    const record = files[3]!.objects[0] as Obj;
    expect(record.metadata).toMatchObject({ namespace: ADDON_RECORD.namespace, name: ADDON_RECORD.name });
    expect(parseAddonRecord(record.data![ADDON_RECORD.key]!)).toEqual([
      { name: 'kube-proxy', version: 'v1.37.2', workloads: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy' }] },
      { name: 'flannel', version: 'v0.27.4', workloads: [{ kind: 'DaemonSet', namespace: 'kube-flannel', name: 'kube-flannel-ds' }] },
      { name: 'coredns', version: 'v1.14.6', workloads: [{ kind: 'Deployment', namespace: 'kube-system', name: 'coredns' }] },
    ]);
  });

  it('renders the add-ons into the asset directory, listed in assets.json with their SHA-256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-addons-'));
    try {
      const { manifest } = await writeAssetDirectory(dir, localCluster());
      const listed = manifest.files.filter((f) => f.path.startsWith('manifests/addons/'));
      expect(listed).toHaveLength(4);
      for (const f of listed) expect(f.sha256).toBe(sha256(readFileSync(join(dir, f.path), 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders the same add-ons for every provider', async () => {
    const local = await renderClusterAssets(localCluster({ name: 'same' }));
    const names = local.files.filter((f) => f.path.startsWith('manifests/addons/')).map((f) => f.path);
    expect(names).toHaveLength(4);
  });

  it('refuses a Kubernetes version the image table pairs nothing with', () => {
    expect(() => pairedImages('v1.20.0')).toThrow(/no images are paired with Kubernetes v1.20.0; the image table has 1.37/);
  });
});
