/** URL of the YAML page of one object. */
export function yamlHref(clusterId: string, resource: string, name: string, namespace?: string): string {
  const q = new URLSearchParams({ resource, name });
  if (namespace) q.set('namespace', namespace);
  return `/clusters/${encodeURIComponent(clusterId)}/yaml?${q.toString()}`;
}

/** URL of a pod's detail page. */
export function podHref(clusterId: string, namespace: string, name: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** URL of a page of a cluster (`''` for the overview). */
export function clusterHref(clusterId: string, page = ''): string {
  return `/clusters/${encodeURIComponent(clusterId)}${page ? `/${page}` : ''}`;
}

/** Resource keys of the kinds events commonly name, for linking to their YAML. */
const KIND_RESOURCES: Record<string, string> = {
  Pod: 'pods',
  Node: 'nodes',
  Namespace: 'namespaces',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  ConfigMap: 'configmaps',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  Ingress: 'ingresses',
  PodDisruptionBudget: 'poddisruptionbudgets',
};

/** The resource key of a kind the console can show as YAML, if it is one. */
export function resourceOfKind(kind: string): string | undefined {
  return KIND_RESOURCES[kind];
}
