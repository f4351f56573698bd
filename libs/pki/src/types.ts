/** A certificate and its private key, both PEM (the key as PKCS#8 `PRIVATE KEY`). */
export interface CertifiedKey {
  certPem: string;
  keyPem: string;
}

/** The key pair kube-apiserver signs and verifies service-account tokens with (PEM). */
export interface ServiceAccountKeys {
  /** SubjectPublicKeyInfo, `-----BEGIN PUBLIC KEY-----`. */
  publicKeyPem: string;
  /** PKCS#8, `-----BEGIN PRIVATE KEY-----`. */
  privateKeyPem: string;
}

/** The three certificate authorities of a cluster. */
export type CaName = 'ca' | 'etcdCa' | 'frontProxyCa';

/** Leaf certificates of which a cluster has exactly one. */
export type SharedLeafName =
  'apiServerKubeletClient' | 'apiServerEtcdClient' | 'frontProxyClient' | 'etcdHealthcheckClient' | 'admin' | 'controllerManager' | 'scheduler';

/** Leaf certificates issued once per control-plane member or per node, keyed by machine name. */
export type MachineLeafName = 'apiServer' | 'etcdServer' | 'etcdPeer' | 'kubeletServing' | 'kubeletClient';

/** Every certificate and key of a cluster. */
export type PkiCertificates = Record<CaName, CertifiedKey> &
  Record<SharedLeafName, CertifiedKey> &
  Record<MachineLeafName, Record<string, CertifiedKey>> & {
    serviceAccount: ServiceAccountKeys;
  };

/**
 * What an earlier run left behind, as read by `loadPki` (or a previous `PkiBundle`). Every part
 * is optional; `generatePki` keeps what is present and still right, and issues the rest.
 */
export type ExistingPki = Partial<PkiCertificates>;

/** Rendered kubeconfig YAML documents. */
export interface PkiKubeconfigs {
  /** `kubernetes-admin` (system:masters) against the API endpoint URL. */
  admin: string;
  /** Per control-plane member, against that member's own kube-apiserver. */
  controllerManager: Record<string, string>;
  /** Per control-plane member, against that member's own kube-apiserver. */
  scheduler: Record<string, string>;
  /** Per node, `system:node:<name>` against the API endpoint URL. */
  kubelet: Record<string, string>;
}

/** The complete PKI of a cluster: certificates, keys and kubeconfigs. */
export interface PkiBundle extends PkiCertificates {
  clusterName: string;
  /** The API endpoint URL the admin and kubelet kubeconfigs point at. */
  apiServerUrl: string;
  /** Names of the control-plane members, in plan order. */
  controlPlane: string[];
  /** Names of the nodes, in plan order. */
  nodes: string[];
  kubeconfigs: PkiKubeconfigs;
  /**
   * Asset base paths (e.g. `pki/etcd/server-cp-0`, `pki/sa`) of what this run created; what
   * is absent was reused from the existing PKI.
   */
  issued: string[];
}

/** One file of the asset directory, relative to it. */
export interface PkiFile {
  /** Relative path with `/` separators, e.g. `pki/etcd/ca.crt`. */
  path: string;
  contents: string;
  /** Unix permission bits: 0o600 for anything holding a private key, 0o644 otherwise. */
  mode: number;
}

/** The role of a machine for `filesForMachine`. */
export type MachineRole = 'control-plane' | 'worker';
