/**
 * What the console's tables show of each kind: compact rows the server projects from
 * Kubernetes objects, so that lists of ten thousand pods stay small on the wire and in
 * the browser. Full objects are fetched one at a time (YAML view, pod detail).
 */

/** Fields every row has. */
export interface RowBase {
  uid: string;
  name: string;
  namespace?: string;
  /** ISO creation instant. */
  createdAt?: string;
  resourceVersion?: string;
}

export interface NodeRow extends RowBase {
  /** The Ready condition: `Ready`, `NotReady` or `Unknown`. */
  ready: 'Ready' | 'NotReady' | 'Unknown';
  /** The Ready condition's message, e.g. why it is NotReady, or that the node agent was restarted. */
  readyMessage: string;
  /** False once cordoned (`spec.unschedulable`). */
  schedulable: boolean;
  roles: string[];
  osImage: string;
  kubeletVersion: string;
  /** `InternalIP=127.0.0.3`, `Hostname=w-1`, ... */
  addresses: string[];
}

export interface PodRow extends RowBase {
  phase: string;
  /** What `kubectl get pods` prints as STATUS: a waiting reason, `Terminating`, or the phase. */
  status: string;
  /** `ready/total` containers. */
  ready: string;
  restarts: number;
  node?: string;
  podIP?: string;
  ownerKind?: string;
  ownerName?: string;
}

export interface WorkloadRow extends RowBase {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** Desired replicas (for a DaemonSet: desired scheduled pods). */
  desired: number;
  ready: number;
  updated: number;
  available: number;
  /** `app=web,tier=front`: the selector, for finding the workload's pods. */
  selector: string;
}

export interface NamespaceRow extends RowBase {
  phase: string;
}

export interface EventRow extends RowBase {
  type: string;
  reason: string;
  message: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  objectKind: string;
  objectName: string;
  count: number;
  /** ISO instant the event was last seen. */
  lastSeen?: string;
}

/** A row of any other kind. */
export type GenericRow = RowBase;

/** The row type of each resource key the console lists. */
export interface RowsByResource {
  nodes: NodeRow;
  pods: PodRow;
  deployments: WorkloadRow;
  statefulsets: WorkloadRow;
  daemonsets: WorkloadRow;
  namespaces: NamespaceRow;
  events: EventRow;
}

/** The resource keys with a dedicated table. */
export type ListedResource = keyof RowsByResource;

export const LISTED_RESOURCES: readonly ListedResource[] = ['nodes', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'namespaces', 'events'];

/** Whether `key` names a resource with a dedicated table. */
export function isListedResource(key: string): key is ListedResource {
  return (LISTED_RESOURCES as readonly string[]).includes(key);
}

/** One page of rows as the list API answers it. */
export interface RowPage<R extends RowBase = RowBase> {
  items: R[];
  /** Pass back as `continue` for the next page. */
  continue?: string;
  resourceVersion: string;
}

/** A message on the watch stream (`GET /api/clusters/:id/watch`). */
export type WatchMessage<R extends RowBase = RowBase> =
  { type: 'ADDED' | 'MODIFIED'; row: R } | { type: 'DELETED'; row: R } | { type: 'RESYNC'; rows: R[] } | { type: 'STATUS'; state: string; message?: string };
