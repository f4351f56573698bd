import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryPath, ProcessGroup } from '@strata/toolchain';
import { startControlPlane, waitForOk, type TestControlPlane } from '@strata/testkit';
import { renderClusterAssets, type RenderedAssets } from './render-assets';
import { staticPodProcess } from './static-pod-process';
import { materialize } from '@strata/ignition/testing';
import { localCluster } from './testing/fixtures';

function binaryFor(image: string): string {
  const component = image.split('/').pop()!.split(':')[0]!;
  return binaryPath(component as 'etcd' | 'kube-apiserver');
}

describe('rendered assets against their real consumers', () => {
  let dir: string;
  let assets: RenderedAssets;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-bootstrap-'));
    assets = await renderClusterAssets(localCluster({ controlPlane: 1, workers: 2 }));
    for (const f of assets.files) {
      execFileSync('mkdir', ['-p', join(dir, f.path, '..')]);
      writeFileSync(join(dir, f.path), f.contents, { mode: f.mode });
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every Ignition config passes the real ignition-validate', () => {
    const configs = assets.files.filter((f) => f.path.endsWith('.ign'));
    expect(configs).toHaveLength(3);
    for (const f of configs) {
      const out = execFileSync('ignition-validate', [join(dir, f.path)], { encoding: 'utf8', stdio: 'pipe' });
      expect(out.trim(), f.path).toBe('');
    }
  });

  it('the rendered etcd and kube-apiserver manifests start the pinned binaries, reach /readyz, and the admin kubeconfig lists namespaces', async () => {
    const root = join(dir, 'machine-root');
    const member = assets.topology.controlPlane[0]!;
    materialize(readFileSync(join(dir, `ignition/${member.name}.ign`), 'utf8'), root);
    const group = new ProcessGroup();
    try {
      for (const component of ['etcd', 'kube-apiserver']) {
        const manifest = readFileSync(join(root, `etc/kubernetes/manifests/${component}.yaml`), 'utf8');
        const proc = staticPodProcess(manifest, root, binaryFor);
        group.spawn({ name: component, command: proc.command, args: proc.args, logFile: join(dir, `${component}.log`) });
      }
      const memberUrl = `https://${member.address}:${assets.topology.apiEndpoint.port}`;
      await waitForOk(
        `${memberUrl}/readyz`,
        { ca: join(dir, 'pki/ca.crt'), cert: join(dir, 'pki/admin.crt'), key: join(dir, 'pki/admin.key') },
        {
          timeoutMs: 90_000,
          describe: () => readFileSync(join(dir, 'kube-apiserver.log'), 'utf8').split('\n').slice(-15).join('\n'),
        },
      );
      // The admin kubeconfig names the API endpoint (a load balancer in a full install); here it is pointed at the member directly.
      const out = execFileSync(
        binaryPath('kubectl'),
        ['--kubeconfig', join(dir, 'auth/admin.kubeconfig'), '--server', memberUrl, 'get', 'namespaces', '-o', 'name'],
        { encoding: 'utf8' },
      );
      expect(out.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
    } finally {
      await group.stopAll();
    }
  });
});

describe('rendered manifests against the Kubernetes API types', () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startControlPlane();
    // Admission looks up the namespace's default ServiceAccount, which the (absent) controller-manager would create.
    execFileSync(binaryPath('kubectl'), ['--kubeconfig', cp.kubeconfigPath, 'create', 'serviceaccount', 'default', '-n', 'kube-system']);
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('every static pod manifest passes server-side validation of the pinned kube-apiserver', async () => {
    const { files } = await renderClusterAssets(localCluster({ controlPlane: 3, workers: 0 }));
    const manifests = files.filter((f) => f.path.startsWith('manifests/') && !f.path.startsWith('manifests/addons/'));
    expect(manifests).toHaveLength(12);
    for (const f of manifests) {
      const out = execFileSync(
        binaryPath('kubectl'),
        ['--kubeconfig', cp.kubeconfigPath, 'create', '--dry-run=server', '--validate=strict', '-f', '-', '-o', 'name'],
        { input: f.contents, encoding: 'utf8' },
      );
      expect(out.trim(), f.path).toMatch(/^pod\/(etcd|kube-apiserver|kube-controller-manager|kube-scheduler)$/);
    }
  });
});
