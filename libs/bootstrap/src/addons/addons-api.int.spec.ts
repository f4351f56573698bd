import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryPath } from '@strata/toolchain';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import { applyManifest, connectionFromKubeconfig } from '@strata/k8s';
import { localCluster } from '../testing/fixtures';
import { topologyOf } from '../topology';
import { addonManifestFiles, clusterAddons } from './index';

/** The test API server's service network (see @strata/testkit). */
const TEST_SERVICE_CIDR = '10.96.0.0/24';

function kubectl(cp: TestControlPlane, args: string[]): string {
  try {
    return execFileSync(binaryPath('kubectl'), ['--kubeconfig', cp.kubeconfigPath, ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`kubectl ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

describe('add-on manifests against the pinned kube-apiserver', () => {
  let cp: TestControlPlane;
  let dir: string;

  beforeAll(async () => {
    // As the cluster's own kube-apiserver runs (kubeadm's flag): the add-ons' node agents are privileged.
    cp = await startControlPlane({ apiServerFlags: ['--allow-privileged=true'] });
    dir = mkdtempSync(join(tmpdir(), 'strata-addons-api-'));
  }, 120_000);

  afterAll(async () => {
    await cp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const network of ['flannel', 'calico']) {
    it(`accepts every ${network} cluster manifest in a server-side dry run by kubectl`, () => {
      const cluster = localCluster({ networking: { network, serviceCIDR: TEST_SERVICE_CIDR } });
      const files = addonManifestFiles(clusterAddons(cluster, topologyOf(cluster)));
      // A dry run creates nothing, so objects in a namespace the manifest itself creates need
      // that namespace to exist first.
      for (const ns of files.flatMap((f) => f.objects).filter((o) => o.kind === 'Namespace')) {
        if (!kubectl(cp, ['get', 'namespaces', '-o', 'name']).includes(`namespace/${ns.metadata.name}`)) kubectl(cp, ['create', 'namespace', ns.metadata.name]);
      }
      for (const f of files) {
        const path = join(dir, f.path.replaceAll('/', '_'));
        writeFileSync(path, f.contents);
        const out = kubectl(cp, ['apply', '--server-side', '--dry-run=server', '--field-manager=strata-installer', '-f', path]);
        // One "serverside-applied (server dry run)" line per object.
        expect(out.trim().split('\n'), f.path).toHaveLength(f.objects.length);
        expect(out).toContain('(server dry run)');
      }
    });
  }

  it('applies by server-side apply, and applying again changes nothing', async () => {
    const cluster = localCluster({ networking: { network: 'calico', serviceCIDR: TEST_SERVICE_CIDR } });
    const objects = addonManifestFiles(clusterAddons(cluster, topologyOf(cluster))).flatMap((f) => f.objects);
    const conn = connectionFromKubeconfig(readFileSync(cp.kubeconfigPath, 'utf8'), { allowLocalCredentials: true });
    await applyManifest(conn, objects, { fieldManager: 'strata-installer', force: true });
    const versions = async () =>
      JSON.parse(
        kubectl(cp, ['get', 'daemonsets,deployments,configmaps,services,clusterroles,customresourcedefinitions', '-A', '-l', 'strata.dev/addon', '-o', 'json']),
      )
        .items.map((o: { kind: string; metadata: { name: string; resourceVersion: string } }) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`)
        .sort();
    const first = await versions();
    expect(first.length).toBeGreaterThan(30);
    await applyManifest(conn, objects, { fieldManager: 'strata-installer', force: true });
    expect(await versions()).toEqual(first);
    // The CoreDNS Service took the DNS address the document gives it.
    expect(kubectl(cp, ['get', 'service', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}'])).toBe('10.96.0.10');
  });
});
