/** The shape every cluster add-on renders to. */

/** A Kubernetes object of an add-on manifest, as plain data. */
export interface AddonObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** A workload whose readiness is the add-on's readiness. */
export interface AddonWorkload {
  kind: 'DaemonSet' | 'Deployment';
  namespace: string;
  name: string;
}

export const ADDON_NAMES = ['coredns', 'kube-proxy', 'flannel', 'calico'] as const;
export type AddonName = (typeof ADDON_NAMES)[number];

/** One add-on: its objects in apply order and the workloads that say whether it is ready. */
export interface Addon {
  name: AddonName;
  /** The version of the add-on's software, e.g. `v1.14.6` for CoreDNS. */
  version: string;
  objects: AddonObject[];
  workloads: AddonWorkload[];
}

/** Label on every object of an add-on: which add-on it belongs to. */
export const ADDON_LABEL = 'strata.dev/addon';

/** Namespace of the cluster's system components. */
export const KUBE_SYSTEM = 'kube-system';

/** Adds the add-on label to an object's metadata. */
export function labelled<T extends AddonObject>(addon: AddonName, object: T): T {
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, [ADDON_LABEL]: addon } } };
}

/** The tag of an image reference: `v1.14.6` of `registry.k8s.io/coredns/coredns:v1.14.6`. */
export function tagOf(image: string): string {
  return image.slice(image.lastIndexOf(':') + 1);
}
