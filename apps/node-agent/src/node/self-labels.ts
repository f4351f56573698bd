/**
 * Labels a node may set on its own Node object under the NodeRestriction admission
 * plugin (https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction):
 * any label outside the `kubernetes.io` and `k8s.io` namespaces, plus a short list of
 * well-known ones. `node-role.kubernetes.io/*` is not among them: role labels are set by
 * an administrator (on a local cluster, by the local driver after the node registers).
 */
const ALLOWED_KUBERNETES_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
]);

const ALLOWED_KUBERNETES_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function namespaceOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function inNamespace(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** Whether NodeRestriction lets a node set the label `key` on itself. */
export function isSelfSettableLabel(key: string): boolean {
  const namespace = namespaceOf(key);
  if (inNamespace(namespace, 'node-restriction.kubernetes.io')) return false;
  if (!inNamespace(namespace, 'kubernetes.io') && !inNamespace(namespace, 'k8s.io')) return true;
  return ALLOWED_KUBERNETES_LABELS.has(key) || ALLOWED_KUBERNETES_NAMESPACES.some((ns) => inNamespace(namespace, ns));
}

/** Splits `labels` into those the node sets itself and those an administrator must set. */
export function splitSelfLabels(labels: Record<string, string>): { allowed: Record<string, string>; skipped: string[] } {
  const allowed: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (isSelfSettableLabel(key)) allowed[key] = value;
    else skipped.push(key);
  }
  return { allowed, skipped };
}
