import type { CaName, MachineLeafName, SharedLeafName } from './types';

/**
 * Where each certificate lives in the asset directory (see README.md, "Layout"). Paths are
 * base paths: a certificate adds `.crt`, its key `.key`.
 *
 * Within each directory no fixed name starts with a per-machine prefix and no prefix starts
 * another one, and machine names cannot contain `/`; so every path maps back to exactly one
 * certificate, whatever the machines are called (a node named `client-a` cannot collide with
 * the client certificate of a node named `a`).
 */
export const CA_PATHS: Record<CaName, string> = {
  ca: 'pki/ca',
  etcdCa: 'pki/etcd/ca',
  frontProxyCa: 'pki/front-proxy-ca',
};

export const SHARED_LEAF_PATHS: Record<SharedLeafName, string> = {
  apiServerKubeletClient: 'pki/apiserver-kubelet-client',
  apiServerEtcdClient: 'pki/apiserver-etcd-client',
  frontProxyClient: 'pki/front-proxy-client',
  etcdHealthcheckClient: 'pki/etcd/healthcheck-client',
  admin: 'pki/admin',
  controllerManager: 'pki/controller-manager',
  scheduler: 'pki/scheduler',
};

/** Per-machine certificates: the prefix is followed by the machine name. */
export const MACHINE_LEAF_PREFIXES: Record<MachineLeafName, string> = {
  apiServer: 'pki/apiserver/server-',
  etcdServer: 'pki/etcd/server-',
  etcdPeer: 'pki/etcd/peer-',
  kubeletServing: 'pki/kubelet/server-',
  kubeletClient: 'pki/kubelet/client-',
};

/** The service-account key pair: `pki/sa.key` (private) and `pki/sa.pub` (public). */
export const SERVICE_ACCOUNT_PATH = 'pki/sa';

/** Kubeconfig paths. */
export const KUBECONFIG_PATHS = {
  admin: 'auth/admin.kubeconfig',
  controllerManager: (member: string) => `auth/controller-manager-${member}.kubeconfig`,
  scheduler: (member: string) => `auth/scheduler-${member}.kubeconfig`,
  kubelet: (node: string) => `auth/kubelet-${node}.kubeconfig`,
};

/** Base path of a per-machine or shared leaf. */
export function leafPath(slot: SharedLeafName | MachineLeafName, machine?: string): string {
  if (slot in MACHINE_LEAF_PREFIXES) return `${MACHINE_LEAF_PREFIXES[slot as MachineLeafName]}${machine ?? ''}`;
  return SHARED_LEAF_PATHS[slot as SharedLeafName];
}

/** What a file in the asset directory is, as far as loading goes. */
export type AssetPath =
  | { kind: 'ca'; name: CaName; part: 'crt' | 'key' }
  | { kind: 'shared'; slot: SharedLeafName; part: 'crt' | 'key' }
  | { kind: 'machine'; slot: MachineLeafName; machine: string; part: 'crt' | 'key' }
  | { kind: 'service-account'; part: 'key' | 'pub' };

/** Names the certificate or key at `path`, or returns undefined for anything else (kubeconfigs included). */
export function parseAssetPath(path: string): AssetPath | undefined {
  const match = /^(.*)\.(crt|key|pub)$/.exec(path);
  if (!match) return undefined;
  const base = match[1] ?? '';
  const ext = match[2] as 'crt' | 'key' | 'pub';
  if (base === SERVICE_ACCOUNT_PATH) return ext === 'crt' ? undefined : { kind: 'service-account', part: ext };
  if (ext === 'pub') return undefined;
  for (const [name, p] of Object.entries(CA_PATHS)) {
    if (p === base) return { kind: 'ca', name: name as CaName, part: ext };
  }
  for (const [slot, p] of Object.entries(SHARED_LEAF_PATHS)) {
    if (p === base) return { kind: 'shared', slot: slot as SharedLeafName, part: ext };
  }
  for (const [slot, prefix] of Object.entries(MACHINE_LEAF_PREFIXES)) {
    const machine = base.startsWith(prefix) ? base.slice(prefix.length) : '';
    if (machine !== '' && !machine.includes('/')) {
      return { kind: 'machine', slot: slot as MachineLeafName, machine, part: ext };
    }
  }
  return undefined;
}
