import type { V1ConfigMap, V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { ADDON_RECORD, parseAddonRecord, type AddonRecordEntry, type AddonState, type AddonWorkloadRef } from '@strata/install-contract';
import { NotFoundError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { getObject } from '../objects';
import { RESOURCES } from '../resources';

/** The add-ons of a cluster: `recorded` is false for a cluster Strata did not install (no record). */
export interface AddonHealth {
  recorded: boolean;
  addons: AddonState[];
  /** Every add-on ready. A cluster without a record has nothing to be degraded by. */
  healthy: boolean;
  /** One line per add-on that is not ready, for a degraded verdict. */
  reasons: string[];
}

interface WorkloadState {
  desired: number;
  ready: number;
  state: AddonState['state'];
  reason?: string;
}

async function workloadState(conn: ClusterConnection, ref: AddonWorkloadRef): Promise<WorkloadState> {
  const what = `${ref.kind} ${ref.namespace}/${ref.name}`;
  try {
    if (ref.kind === 'DaemonSet') {
      const ds = await getObject<V1DaemonSet>(conn, RESOURCES.daemonsets, ref.namespace, ref.name);
      const desired = ds.status?.desiredNumberScheduled ?? 0;
      const ready = ds.status?.numberReady ?? 0;
      const current = (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0);
      if (!current) return { desired, ready, state: 'progressing', reason: `${what} is rolling out` };
      if (desired === 0) return { desired, ready, state: 'degraded', reason: `${what} runs on no node` };
      return ready === desired ? { desired, ready, state: 'ready' } : { desired, ready, state: 'degraded', reason: `${what}: ${ready}/${desired} pods ready` };
    }
    const deployment = await getObject<V1Deployment>(conn, RESOURCES.deployments, ref.namespace, ref.name);
    const desired = deployment.spec?.replicas ?? 1;
    const ready = deployment.status?.readyReplicas ?? 0;
    const current = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
    if (!current) return { desired, ready, state: 'progressing', reason: `${what} is rolling out` };
    return ready >= desired ? { desired, ready, state: 'ready' } : { desired, ready, state: 'degraded', reason: `${what}: ${ready}/${desired} replicas ready` };
  } catch (error) {
    if (error instanceof NotFoundError) return { desired: 0, ready: 0, state: 'missing', reason: `${what} is missing` };
    throw error;
  }
}

const SEVERITY: Record<AddonState['state'], number> = { ready: 0, progressing: 1, degraded: 2, missing: 3 };

async function addonState(conn: ClusterConnection, entry: AddonRecordEntry): Promise<AddonState> {
  const states = await Promise.all(entry.workloads.map((w) => workloadState(conn, w)));
  const worst = states.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a));
  const reasons = states.flatMap((s) => (s.reason ? [s.reason] : []));
  return {
    name: entry.name,
    version: entry.version,
    desired: states.reduce((n, s) => n + s.desired, 0),
    ready: states.reduce((n, s) => n + s.ready, 0),
    state: worst.state,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/**
 * Reads the add-on record the installer wrote (`kube-system/strata-addons`) and each recorded
 * workload: desired and ready pods per add-on, and why any is not ready. A workload that is gone
 * makes its add-on `missing`; fewer ready pods than desired make it `degraded`.
 */
export async function addonHealth(conn: ClusterConnection): Promise<AddonHealth> {
  let record: V1ConfigMap;
  try {
    record = await getObject<V1ConfigMap>(conn, RESOURCES.configmaps, ADDON_RECORD.namespace, ADDON_RECORD.name);
  } catch (error) {
    if (error instanceof NotFoundError) return { recorded: false, addons: [], healthy: true, reasons: [] };
    throw error;
  }
  const text = record.data?.[ADDON_RECORD.key];
  if (text === undefined) {
    return {
      recorded: true,
      addons: [],
      healthy: false,
      reasons: [`the add-on record ${ADDON_RECORD.namespace}/${ADDON_RECORD.name} has no ${ADDON_RECORD.key}`],
    };
  }
  const addons = await Promise.all(parseAddonRecord(text).map((entry) => addonState(conn, entry)));
  const reasons = addons.filter((a) => a.state !== 'ready').map((a) => `${a.name} ${a.state}${a.reason ? `: ${a.reason}` : ''}`);
  return { recorded: true, addons, healthy: reasons.length === 0, reasons };
}
