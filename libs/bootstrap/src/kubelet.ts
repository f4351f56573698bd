import { stringify } from 'yaml';
import { KUBELET_CONFIG, KUBELET_DIR, KUBERNETES_DIR, MANIFESTS_DIR, PORTS } from './layout';
import { IMAGE_REGISTRY } from './images';

export interface KubeletInput {
  nodeName: string;
  address: string;
  kubernetesVersion: string;
  clusterDNS: string;
  clusterDomain: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
}

/**
 * KubeletConfiguration for cloud images (kubelet.config.k8s.io/v1beta1): static pods from
 * the manifests directory, webhook authentication and authorization, TLS serving with the
 * certificate from the asset pipeline, no anonymous access, no read-only port.
 */
export function kubeletConfig(input: KubeletInput): string {
  const pki = `${KUBERNETES_DIR}/pki/kubelet`;
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    staticPodPath: MANIFESTS_DIR,
    address: input.address,
    port: PORTS.kubelet,
    readOnlyPort: 0,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: `${KUBERNETES_DIR}/pki/ca.crt` },
    },
    authorization: { mode: 'Webhook' },
    tlsCertFile: `${pki}/server-${input.nodeName}.crt`,
    tlsPrivateKeyFile: `${pki}/server-${input.nodeName}.key`,
    clusterDNS: [input.clusterDNS],
    clusterDomain: input.clusterDomain,
    cgroupDriver: 'systemd',
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    rotateCertificates: false,
    serverTLSBootstrap: false,
    registerWithTaints: input.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
  });
}

/** The kubelet systemd unit of a Container-Linux-style image (Flatcar ships kubelet-less; the binary is fetched by version). */
export function kubeletUnit(input: KubeletInput): string {
  const labels = Object.entries(input.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [
    '[Unit]',
    'Description=Kubernetes kubelet',
    'Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/',
    'Wants=network-online.target containerd.service',
    'After=network-online.target containerd.service',
    '',
    '[Service]',
    `Environment=KUBELET_VERSION=${input.kubernetesVersion}`,
    `Environment=KUBELET_IMAGE_REGISTRY=${IMAGE_REGISTRY}`,
    `ExecStartPre=/bin/mkdir -p ${MANIFESTS_DIR} ${KUBELET_DIR}`,
    'ExecStart=/opt/bin/kubelet \\',
    `  --config=${KUBELET_CONFIG} \\`,
    `  --kubeconfig=${KUBERNETES_DIR}/auth/kubelet-${input.nodeName}.kubeconfig \\`,
    `  --hostname-override=${input.nodeName} \\`,
    `  --node-ip=${input.address} \\`,
    `  --node-labels=${labels}`,
    'Restart=always',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
