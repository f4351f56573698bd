import { NotFoundError } from '@strata/errors';
import { CA_PATHS, KUBECONFIG_PATHS, SERVICE_ACCOUNT_PATH, leafPath } from './layout';
import type { CaName, CertifiedKey, MachineLeafName, MachineRole, PkiBundle, PkiFile, SharedLeafName } from './types';

const PUBLIC = 0o644;
const SECRET = 0o600;

function certFile(base: string, pem: string): PkiFile {
  return { path: `${base}.crt`, contents: pem, mode: PUBLIC };
}

function pairFiles(base: string, pair: CertifiedKey): PkiFile[] {
  return [certFile(base, pair.certPem), { path: `${base}.key`, contents: pair.keyPem, mode: SECRET }];
}

function shared(bundle: PkiBundle, slot: SharedLeafName): PkiFile[] {
  return pairFiles(leafPath(slot), bundle[slot]);
}

function perMachine(bundle: PkiBundle, slot: MachineLeafName, machine: string): PkiFile[] {
  const pair = bundle[slot][machine];
  if (pair === undefined) throw new NotFoundError(`the PKI has no ${slot} certificate for "${machine}"`);
  return pairFiles(leafPath(slot, machine), pair);
}

function kubeconfig(path: string, yaml: string | undefined): PkiFile {
  if (yaml === undefined) throw new NotFoundError(`the PKI has no kubeconfig ${path}`);
  // Kubeconfigs embed a private key, so they are as secret as one.
  return { path, contents: yaml, mode: SECRET };
}

function serviceAccountFiles(bundle: PkiBundle): PkiFile[] {
  return [
    { path: `${SERVICE_ACCOUNT_PATH}.key`, contents: bundle.serviceAccount.privateKeyPem, mode: SECRET },
    { path: `${SERVICE_ACCOUNT_PATH}.pub`, contents: bundle.serviceAccount.publicKeyPem, mode: PUBLIC },
  ];
}

function caCert(bundle: PkiBundle, name: CaName): PkiFile {
  return certFile(CA_PATHS[name], bundle[name].certPem);
}

/** Every path that holds a CA private key; nothing but the asset directory and control planes may carry one. */
export const CA_KEY_PATHS: readonly string[] = Object.values(CA_PATHS).map((base) => `${base}.key`);

/**
 * Every file of the cluster's asset directory: all CAs with their keys, the service-account
 * key pair, every certificate and every kubeconfig. The layout is described in README.md.
 */
export function pkiFiles(bundle: PkiBundle): PkiFile[] {
  return [
    ...pairFiles(CA_PATHS.ca, bundle.ca),
    ...pairFiles(CA_PATHS.etcdCa, bundle.etcdCa),
    ...pairFiles(CA_PATHS.frontProxyCa, bundle.frontProxyCa),
    ...serviceAccountFiles(bundle),
    ...(['apiServerKubeletClient', 'apiServerEtcdClient', 'frontProxyClient', 'etcdHealthcheckClient'] as const).flatMap((slot) => shared(bundle, slot)),
    ...(['admin', 'controllerManager', 'scheduler'] as const).flatMap((slot) => shared(bundle, slot)),
    ...bundle.controlPlane.flatMap((m) => [
      ...perMachine(bundle, 'apiServer', m),
      ...perMachine(bundle, 'etcdServer', m),
      ...perMachine(bundle, 'etcdPeer', m),
    ]),
    ...bundle.nodes.flatMap((n) => [...perMachine(bundle, 'kubeletServing', n), ...perMachine(bundle, 'kubeletClient', n)]),
    kubeconfig(KUBECONFIG_PATHS.admin, bundle.kubeconfigs.admin),
    ...bundle.controlPlane.flatMap((m) => [
      kubeconfig(KUBECONFIG_PATHS.controllerManager(m), bundle.kubeconfigs.controllerManager[m]),
      kubeconfig(KUBECONFIG_PATHS.scheduler(m), bundle.kubeconfigs.scheduler[m]),
    ]),
    ...bundle.nodes.map((n) => kubeconfig(KUBECONFIG_PATHS.kubelet(n), bundle.kubeconfigs.kubelet[n])),
  ];
}

function kubeletFiles(bundle: PkiBundle, node: string): PkiFile[] {
  return [
    ...perMachine(bundle, 'kubeletServing', node),
    ...perMachine(bundle, 'kubeletClient', node),
    kubeconfig(KUBECONFIG_PATHS.kubelet(node), bundle.kubeconfigs.kubelet[node]),
  ];
}

function workerFiles(bundle: PkiBundle, machine: string): PkiFile[] {
  if (!bundle.nodes.includes(machine)) throw new NotFoundError(`"${machine}" is not a node of this PKI`);
  const files = [caCert(bundle, 'ca'), ...kubeletFiles(bundle, machine)];
  // The selection above is the whole rule; this guard keeps a future edit from breaking it.
  const leaked = files.find((f) => CA_KEY_PATHS.includes(f.path));
  if (leaked) throw new Error(`internal: worker files must not contain ${leaked.path}`);
  return files;
}

function controlPlaneFiles(bundle: PkiBundle, machine: string): PkiFile[] {
  if (!bundle.controlPlane.includes(machine)) {
    throw new NotFoundError(`"${machine}" is not a control-plane member of this PKI`);
  }
  return [
    // The cluster CA key signs kubelet CSRs in kube-controller-manager; the etcd and
    // front-proxy CA keys have no runtime use and stay in the asset directory only.
    ...pairFiles(CA_PATHS.ca, bundle.ca),
    caCert(bundle, 'etcdCa'),
    caCert(bundle, 'frontProxyCa'),
    ...serviceAccountFiles(bundle),
    ...perMachine(bundle, 'apiServer', machine),
    ...shared(bundle, 'apiServerKubeletClient'),
    ...shared(bundle, 'apiServerEtcdClient'),
    ...shared(bundle, 'frontProxyClient'),
    ...perMachine(bundle, 'etcdServer', machine),
    ...perMachine(bundle, 'etcdPeer', machine),
    ...shared(bundle, 'etcdHealthcheckClient'),
    kubeconfig(KUBECONFIG_PATHS.admin, bundle.kubeconfigs.admin),
    kubeconfig(KUBECONFIG_PATHS.controllerManager(machine), bundle.kubeconfigs.controllerManager[machine]),
    kubeconfig(KUBECONFIG_PATHS.scheduler(machine), bundle.kubeconfigs.scheduler[machine]),
    ...(bundle.nodes.includes(machine) ? kubeletFiles(bundle, machine) : []),
  ];
}

/**
 * The files one machine needs, with the same relative paths as in {@link pkiFiles}.
 * A worker gets only `pki/ca.crt`, its kubelet serving and client certificates and its
 * kubelet kubeconfig: never a CA key. A control-plane member gets what etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler read on it (including `pki/ca.key` for CSR
 * signing), the admin kubeconfig, and its kubelet files if it is also a node.
 * @throws NotFoundError when `machine` is not a node (worker) or member (control plane).
 */
export function filesForMachine(bundle: PkiBundle, machine: string, role: MachineRole): PkiFile[] {
  return role === 'worker' ? workerFiles(bundle, machine) : controlPlaneFiles(bundle, machine);
}
