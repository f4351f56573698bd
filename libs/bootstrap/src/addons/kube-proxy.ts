/**
 * kube-proxy of the cluster's Kubernetes version, as kubeadm deploys it
 * (cmd/kubeadm/app/phases/addons/proxy): a DaemonSet on every node (it tolerates every taint),
 * configured by a KubeProxyConfiguration in the `kube-proxy` ConfigMap, talking to the API
 * through the API load balancer so Services work before any Service does.
 */
import { stringify } from 'yaml';
import { kubernetesImage } from '../images';
import { KUBE_SYSTEM, labelled, type Addon, type AddonObject } from './addon';

export interface KubeProxyInput {
  kubernetesVersion: string;
  /** The API URL behind the load balancer, e.g. `https://api.demo.example.com:6443`. */
  apiServerUrl: string;
  /** The pod network (spec.networking.podCIDR): traffic from outside it is masqueraded. */
  clusterCIDR: string;
  mode: 'iptables' | 'nftables';
}

/** The KubeProxyConfiguration kube-proxy reads (`config.conf` of the ConfigMap). */
export function kubeProxyConfiguration(input: Pick<KubeProxyInput, 'clusterCIDR' | 'mode'>): Record<string, unknown> {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    bindAddress: '0.0.0.0',
    clientConnection: { kubeconfig: '/var/lib/kube-proxy/kubeconfig.conf' },
    clusterCIDR: input.clusterCIDR,
    mode: input.mode,
    metricsBindAddress: '127.0.0.1:10249',
  };
}

function inClusterKubeconfig(server: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'default', cluster: { 'certificate-authority': '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', server } }],
    contexts: [{ name: 'default', context: { cluster: 'default', namespace: 'default', user: 'default' } }],
    'current-context': 'default',
    users: [{ name: 'default', user: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } }],
  });
}

export function kubeProxyAddon(input: KubeProxyInput): Addon {
  const ns = KUBE_SYSTEM;
  const selector = { 'k8s-app': 'kube-proxy' };
  const objects: AddonObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'strata:node-proxier' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node-proxier' },
      subjects: [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: ns }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: ns, labels: { app: 'kube-proxy' } },
      data: { 'kubeconfig.conf': inClusterKubeconfig(input.apiServerUrl), 'config.conf': stringify(kubeProxyConfiguration(input)) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: ns, labels: selector },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: selector },
          spec: {
            priorityClassName: 'system-node-critical',
            containers: [
              {
                name: 'kube-proxy',
                image: kubernetesImage('kube-proxy', input.kubernetesVersion),
                imagePullPolicy: 'IfNotPresent',
                command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                securityContext: { privileged: true },
                volumeMounts: [
                  { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                ],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              },
            ],
            hostNetwork: true,
            serviceAccountName: 'kube-proxy',
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            ],
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
        },
      },
    },
  ];
  return {
    name: 'kube-proxy',
    version: input.kubernetesVersion,
    objects: objects.map((o) => labelled('kube-proxy', o)),
    workloads: [{ kind: 'DaemonSet', namespace: ns, name: 'kube-proxy' }],
  };
}
