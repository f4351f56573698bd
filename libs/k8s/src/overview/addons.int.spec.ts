import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_RECORD } from '@strata/install-contract';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from '../connection';
import { applyManifest } from '../manifests';
import { mergePatch } from '../objects';
import { RESOURCES } from '../resources';
import { adminConnection } from '../testing/control-plane-connection';
import { addonHealth } from './addons';

/*
 * No controllers run here, so the workloads' status is written by the test, as the
 * DaemonSet and Deployment controllers would write it.
 */
let cp: TestControlPlane;
let conn: ClusterConnection;

const template = (app: string) => ({
  selector: { matchLabels: { app } },
  template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: 'registry.k8s.io/pause:3.10' }] } },
});

async function setStatus(kind: 'daemonsets' | 'deployments', name: string, status: Record<string, number>): Promise<void> {
  await mergePatch(conn, RESOURCES[kind], 'kube-system', name, { status: { observedGeneration: 1, ...status } }, { subresource: 'status' });
}

beforeAll(async () => {
  cp = await startControlPlane();
  conn = adminConnection(cp.kubeconfigPath);
}, 120_000);

afterAll(async () => {
  await cp?.stop();
});

describe('addonHealth', () => {
  it('reports a cluster without the record as not managed, and not degraded', async () => {
    expect(await addonHealth(conn)).toEqual({ recorded: false, addons: [], healthy: true, reasons: [] });
  });

  it('sums desired and ready pods per add-on and names what is not ready', async () => {
    const record = [
      { name: 'kube-proxy', version: 'v1.37.2', workloads: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy' }] },
      { name: 'coredns', version: 'v1.14.6', workloads: [{ kind: 'Deployment', namespace: 'kube-system', name: 'coredns' }] },
      { name: 'flannel', version: 'v0.27.4', workloads: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-flannel-ds' }] },
    ];
    await applyManifest(
      conn,
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ADDON_RECORD.name, namespace: ADDON_RECORD.namespace },
          data: { [ADDON_RECORD.key]: JSON.stringify(record) },
        },
        { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, spec: template('kube-proxy') },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system' }, spec: { replicas: 2, ...template('coredns') } },
      ] as never,
      { fieldManager: 'test' },
    );
    // Not yet observed by its controller: rolling out.
    expect((await addonHealth(conn)).addons[0]).toMatchObject({ name: 'kube-proxy', state: 'progressing' });

    await setStatus('daemonsets', 'kube-proxy', { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2 });
    await setStatus('deployments', 'coredns', { replicas: 2, readyReplicas: 2 });
    const health = await addonHealth(conn);
    expect(health.addons).toEqual([
      { name: 'kube-proxy', version: 'v1.37.2', desired: 3, ready: 2, state: 'degraded', reason: 'DaemonSet kube-system/kube-proxy: 2/3 pods ready' },
      { name: 'coredns', version: 'v1.14.6', desired: 2, ready: 2, state: 'ready' },
      { name: 'flannel', version: 'v0.27.4', desired: 0, ready: 0, state: 'missing', reason: 'DaemonSet kube-system/kube-flannel-ds is missing' },
    ]);
    expect(health.healthy).toBe(false);
    expect(health.reasons).toEqual([
      'kube-proxy degraded: DaemonSet kube-system/kube-proxy: 2/3 pods ready',
      'flannel missing: DaemonSet kube-system/kube-flannel-ds is missing',
    ]);

    await setStatus('daemonsets', 'kube-proxy', { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3 });
    expect((await addonHealth(conn)).addons[0]).toMatchObject({ state: 'ready', desired: 3, ready: 3 });
  });

  it('refuses a malformed record with a message naming it', async () => {
    await mergePatch(conn, RESOURCES.configmaps, ADDON_RECORD.namespace, ADDON_RECORD.name, { data: { [ADDON_RECORD.key]: '[{"name": 1}]' } });
    await expect(addonHealth(conn)).rejects.toThrow(/the add-on record kube-system\/strata-addons is malformed/);
  });
});
