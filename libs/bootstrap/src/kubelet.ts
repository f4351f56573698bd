import { stringify } from 'yaml';
import type { CloudPlatformName } from '@strata/cluster-config';
import { FLATCAR_METADATA, KUBELET_BINARY, KUBELET_CONFIG, KUBELET_DIR, KUBERNETES_DIR, MANIFESTS_DIR, PORTS } from './layout';
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

/** The systemd unit of Flatcar that fetches the instance metadata into {@link FLATCAR_METADATA}. */
export const FLATCAR_METADATA_SERVICE = 'coreos-metadata.service';

/**
 * Where the kubelet downloads from: the official release binary of the version for
 * x86-64 machines, fetched by Ignition into {@link KUBELET_BINARY} on first boot.
 */
export function kubeletDownloadUrl(kubernetesVersion: string): string {
  return `https://dl.k8s.io/release/${kubernetesVersion}/bin/linux/amd64/kubelet`;
}

/**
 * The provider ID the kubelet registers its node with, where the platform's cloud
 * controller manager expects the kubelet to set it: on AWS `aws:///<zone>/<instance id>`,
 * both read from the instance metadata Flatcar's `coreos-metadata.service` writes
 * (`COREOS_EC2_*`; systemd expands the variables). On Azure and OpenStack the cloud
 * controller manager sets it.
 */
export function kubeletProviderID(platform: CloudPlatformName): string | undefined {
  return platform === 'aws' ? 'aws:///${COREOS_EC2_AVAILABILITY_ZONE}/${COREOS_EC2_INSTANCE_ID}' : undefined;
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

/**
 * The kubelet systemd unit of a Flatcar machine (Flatcar ships no kubelet; Ignition fetches
 * the binary of the pinned version into {@link KUBELET_BINARY}). The kubelet runs with an
 * external cloud provider, so the platform's cloud controller manager sets the node's
 * addresses; `--node-ip` is the machine's fixed private address. Where the node's provider
 * ID comes from the instance metadata, the unit waits for `coreos-metadata.service` and
 * reads its environment file.
 */
export function kubeletUnit(input: KubeletInput, platform: CloudPlatformName): string {
  const labels = Object.entries(input.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const providerID = kubeletProviderID(platform);
  return [
    '[Unit]',
    'Description=Kubernetes kubelet',
    'Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/',
    'Wants=network-online.target containerd.service',
    'After=network-online.target containerd.service',
    ...(providerID ? [`Requires=${FLATCAR_METADATA_SERVICE}`, `After=${FLATCAR_METADATA_SERVICE}`] : []),
    '',
    '[Service]',
    ...(providerID ? [`EnvironmentFile=${FLATCAR_METADATA}`] : []),
    `Environment=KUBELET_VERSION=${input.kubernetesVersion}`,
    `Environment=KUBELET_IMAGE_REGISTRY=${IMAGE_REGISTRY}`,
    `ExecStartPre=/bin/mkdir -p ${MANIFESTS_DIR} ${KUBELET_DIR}`,
    `ExecStart=${KUBELET_BINARY} \\`,
    `  --config=${KUBELET_CONFIG} \\`,
    `  --kubeconfig=${KUBERNETES_DIR}/auth/kubelet-${input.nodeName}.kubeconfig \\`,
    '  --cloud-provider=external \\',
    ...(providerID ? [`  --provider-id=${providerID} \\`] : []),
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
