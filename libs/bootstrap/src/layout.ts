/**
 * Where things live on a machine. The same paths are used on a cloud image and inside a
 * local machine's root directory, so one set of manifests serves every provider.
 */
export const KUBERNETES_DIR = '/etc/kubernetes';
export const MANIFESTS_DIR = '/etc/kubernetes/manifests';
export const ETCD_DATA_DIR = '/var/lib/etcd';
export const CONTROLLER_MANAGER_CERT_DIR = '/var/lib/kube-controller-manager';
export const SCHEDULER_CERT_DIR = '/var/lib/kube-scheduler';
export const KUBELET_DIR = '/var/lib/kubelet';
export const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
/** The kubelet binary on cloud machines: Flatcar's `/usr` is read-only, `/opt/bin` is where added binaries go. */
export const KUBELET_BINARY = '/opt/bin/kubelet';
/** The environment file Flatcar's `coreos-metadata.service` (Afterburn) writes the cloud's instance metadata to. */
export const FLATCAR_METADATA = '/run/metadata/flatcar';
export const NODE_AGENT_CONFIG = '/etc/strata/node-agent.json';
export const UPDATE_CONF = '/etc/flatcar/update.conf';
export const OS_RELEASE = '/etc/strata/os-release';

/** Machine path of a file from the asset directory (`pki/ca.crt` → `/etc/kubernetes/pki/ca.crt`). */
export function onMachine(assetPath: string): string {
  return `${KUBERNETES_DIR}/${assetPath}`;
}

/** Well-known ports, the same as upstream defaults. */
export const PORTS = {
  etcdClient: 2379,
  etcdPeer: 2380,
  etcdMetrics: 2381,
  controllerManager: 10257,
  scheduler: 10259,
  kubelet: 10250,
} as const;
