import { InputError, NotFoundError } from '@strata/errors';

/**
 * A Kubernetes resource kind described as data (group, version, plural, scope). Generic
 * helpers (`listPage`, `watchResource`, `getObject`, ...) take a description instead of
 * one function per kind, so adding a kind is adding an entry to `RESOURCES`.
 */
export interface ResourceDescription {
  /** Stable key used by routes and UIs, e.g. `deployments`. */
  readonly key: string;
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** The URL segment of the collection, e.g. `deployments`. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly listKind: string;
  /** Has the `scale` subresource. */
  readonly scalable?: boolean;
  /** Carries a pod template at `spec.template`, so it can be restarted by a rollout. */
  readonly podTemplate?: boolean;
}

function describe(
  key: string,
  group: string,
  version: string,
  kind: string,
  namespaced: boolean,
  extra: { scalable?: boolean; podTemplate?: boolean } = {},
): ResourceDescription {
  return { key, group, version, plural: key, kind, namespaced, listKind: `${kind}List`, ...extra };
}

/**
 * The kinds the console shows. Events are read as core/v1 `Event`: the API server keeps
 * one kind of object and serves it under both core/v1 and events.k8s.io/v1, and core/v1
 * is what kubectl, Headlamp and the OpenShift console read. Its `count`, `lastTimestamp`
 * and `involvedObject` are what the kubelet and most controllers fill (they record through
 * client-go's core/v1 recorder); events recorded through events.k8s.io/v1 (the scheduler)
 * appear with `series` and `eventTime` instead, which `clusterOverview` reads too.
 */
export const RESOURCES = {
  nodes: describe('nodes', '', 'v1', 'Node', false),
  namespaces: describe('namespaces', '', 'v1', 'Namespace', false),
  pods: describe('pods', '', 'v1', 'Pod', true),
  events: describe('events', '', 'v1', 'Event', true),
  services: describe('services', '', 'v1', 'Service', true),
  configmaps: describe('configmaps', '', 'v1', 'ConfigMap', true),
  persistentvolumeclaims: describe('persistentvolumeclaims', '', 'v1', 'PersistentVolumeClaim', true),
  persistentvolumes: describe('persistentvolumes', '', 'v1', 'PersistentVolume', false),
  deployments: describe('deployments', 'apps', 'v1', 'Deployment', true, { scalable: true, podTemplate: true }),
  statefulsets: describe('statefulsets', 'apps', 'v1', 'StatefulSet', true, { scalable: true, podTemplate: true }),
  daemonsets: describe('daemonsets', 'apps', 'v1', 'DaemonSet', true, { podTemplate: true }),
  replicasets: describe('replicasets', 'apps', 'v1', 'ReplicaSet', true, { scalable: true }),
  jobs: describe('jobs', 'batch', 'v1', 'Job', true),
  cronjobs: describe('cronjobs', 'batch', 'v1', 'CronJob', true),
  ingresses: describe('ingresses', 'networking.k8s.io', 'v1', 'Ingress', true),
  poddisruptionbudgets: describe('poddisruptionbudgets', 'policy', 'v1', 'PodDisruptionBudget', true),
} as const satisfies Record<string, ResourceDescription>;

export type ResourceKey = keyof typeof RESOURCES;

/** The description for `key`; throws `NotFoundError` listing the known keys. */
export function resourceByKey(key: string): ResourceDescription {
  if (Object.hasOwn(RESOURCES, key)) return RESOURCES[key as ResourceKey];
  throw new NotFoundError(`unknown resource "${key}"; known: ${Object.keys(RESOURCES).join(', ')}`);
}

/** `v1` for the core group, `group/version` otherwise, as in an object's `apiVersion`. */
export function apiVersionOf(resource: ResourceDescription): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

export interface PathOptions {
  /** Omit to address a namespaced collection across all namespaces. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

const segment = (value: string) => encodeURIComponent(value);

/**
 * The REST path of a collection or object (Kubernetes API conventions):
 * `/api/v1/namespaces/ns/pods/name`, `/apis/apps/v1/deployments`, ...
 */
export function resourcePath(resource: ResourceDescription, options: PathOptions = {}): string {
  const root = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  if (options.name !== undefined && resource.namespaced && !options.namespace) {
    throw new InputError(`${resource.kind} "${options.name}" needs a namespace`, [{ path: 'namespace', message: 'required for namespaced kinds' }]);
  }
  const scope = resource.namespaced && options.namespace ? `/namespaces/${segment(options.namespace)}` : '';
  const object = options.name !== undefined ? `/${segment(options.name)}` : '';
  const sub = options.subresource && options.name !== undefined ? `/${options.subresource}` : '';
  return `${root}${scope}/${resource.plural}${object}${sub}`;
}

/** `Kind ns/name` or `Kind name`, for messages. */
export function describeObject(resource: ResourceDescription, namespace: string | undefined, name: string): string {
  return resource.namespaced && namespace ? `${resource.kind} ${namespace}/${name}` : `${resource.kind} ${name}`;
}
