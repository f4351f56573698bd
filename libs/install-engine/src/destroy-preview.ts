import type { Driver, DriverContext } from '@strata/driver-api';
import { adminConnection } from './health';
import { loadK8s } from './load-k8s';

/** What `strata destroy` would delete, and what the cluster made that no plan step owns. */
export interface DestroyPreview {
  /** Plan steps with a resource, in the order destroy deletes them (dependants first). */
  steps: { step: string; kind: string; name: string; state: string; id?: string }[];
  /** Resources carrying the cluster's marks, found by the provider's listing. */
  owned: { kind: string; id: string; description: string }[];
  /** Objects the cluster's own controllers made outside the plan, which destroy does not clean up by itself. */
  outside: { kind: string; name: string; detail: string }[];
  /** Why `outside` could not be listed, when it could not. */
  outsideUnknown?: string;
}

const ID_OUTPUTS = ['instanceId', 'providerID', 'vpcId', 'subnetId', 'groupId', 'arn', 'loadBalancerArn', 'hostedZoneId', 'bucket', 'address', 'pid'];

/** Reads, never deletes: the journal, the provider's listing by marks, and the API. */
export async function destroyPreview(driver: Driver, ctx: DriverContext, dir: string): Promise<DestroyPreview> {
  const plan = driver.plan(ctx);
  const steps = [...plan.steps].reverse().flatMap((s) => {
    const state = ctx.journal.state(s.id);
    if (state === 'absent' || state === 'deleted') return [];
    const outputs = ctx.journal.outputs(s.id) ?? {};
    const key = ID_OUTPUTS.find((k) => outputs[k]);
    return [{ step: s.id, kind: s.kind, name: s.name, state, ...(key ? { id: outputs[key] } : {}) }];
  });
  const owned = await driver.sweep(ctx);
  const preview: DestroyPreview = { steps, owned, outside: [] };
  const conn = await adminConnection(dir);
  if (!conn) {
    preview.outsideUnknown = 'the admin kubeconfig has not been rendered';
    return preview;
  }
  const { requestText } = await loadK8s();
  try {
    const get = async <T>(path: string): Promise<{ items?: T[] }> => {
      const res = await requestText(conn, { method: 'GET', path, query: { limit: 5000 }, accept: 'application/json', timeoutMs: 5_000 });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
      return JSON.parse(res.text) as { items?: T[] };
    };
    const services = await get<{
      metadata: { namespace: string; name: string };
      spec: { type?: string };
      status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
    }>('/api/v1/services');
    for (const svc of (services.items ?? []).filter((s) => s.spec.type === 'LoadBalancer')) {
      const ingress = svc.status?.loadBalancer?.ingress?.map((i) => i.hostname ?? i.ip).join(', ');
      preview.outside.push({ kind: 'Service load balancer', name: `${svc.metadata.namespace}/${svc.metadata.name}`, detail: ingress || 'no address yet' });
    }
    const volumes = await get<{
      metadata: { name: string };
      spec: { persistentVolumeReclaimPolicy?: string; claimRef?: { namespace?: string; name?: string } };
    }>('/api/v1/persistentvolumes');
    for (const pv of volumes.items ?? []) {
      const claim = pv.spec.claimRef ? ` for ${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : '';
      preview.outside.push({
        kind: 'PersistentVolume',
        name: pv.metadata.name,
        detail: `reclaim policy ${pv.spec.persistentVolumeReclaimPolicy ?? 'Delete'}${claim}`,
      });
    }
  } catch (error) {
    preview.outsideUnknown = `the API does not answer: ${(error as Error).message}`;
  }
  return preview;
}

export function previewText(cluster: string, p: DestroyPreview): string {
  return [
    `destroy of cluster "${cluster}" would delete ${p.steps.length} resources of its plan:`,
    ...p.steps.map((s) => `  ${s.kind.padEnd(16)} ${s.name.padEnd(32)} ${s.state.padEnd(9)} ${s.id ?? ''}`.trimEnd()),
    `and whatever still carries its marks (${p.owned.length} found now):`,
    ...p.owned.map((r) => `  ${r.kind.padEnd(16)} ${r.description}`),
    p.outsideUnknown
      ? `made by the cluster outside the plan: unknown (${p.outsideUnknown})`
      : p.outside.length === 0
        ? 'made by the cluster outside the plan: nothing (no Service load balancer, no PersistentVolume)'
        : `made by the cluster outside the plan (delete them first, or they stay behind on the provider):`,
    ...p.outside.map((o) => `  ${o.kind.padEnd(22)} ${o.name} (${o.detail})`),
    'nothing was deleted',
  ].join('\n');
}
