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
