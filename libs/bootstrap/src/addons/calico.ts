/**
 * Calico, the pod network with network policy, as its `calico.yaml` release manifest deploys
 * it with the Kubernetes datastore, in VXLAN mode (no BGP): calico-node on every node, Calico
 * IPAM handing out /26 blocks of one IP pool on podCIDR, and calico-kube-controllers. The
 * CustomResourceDefinitions Calico stores its state in are declared with open schemas (Calico
 * validates its own resources); their names, groups and scopes are Calico's.
 */
import { imageReference, type PinnedImage } from '../images';
import { KUBE_SYSTEM, labelled, tagOf, type Addon, type AddonObject } from './addon';

export interface CalicoInput {
  nodeImage: PinnedImage;
  cniImage: PinnedImage;
  kubeControllersImage: PinnedImage;
  /** spec.networking.podCIDR: the one IP pool. */
  podCIDR: string;
  /** The size of the blocks Calico IPAM gives nodes. */
  blockSize: number;
}

export const CALICO_BLOCK_SIZE = 26;

/** Calico's own resource kinds (group crd.projectcalico.org) and whether each is namespaced. */
const CALICO_KINDS: ReadonlyArray<[kind: string, namespaced: boolean]> = [
  ['BGPConfiguration', false],
  ['BGPFilter', false],
  ['BGPPeer', false],
  ['BlockAffinity', false],
  ['CalicoNodeStatus', false],
  ['ClusterInformation', false],
  ['FelixConfiguration', false],
  ['GlobalNetworkPolicy', false],
  ['GlobalNetworkSet', false],
  ['HostEndpoint', false],
  ['IPAMBlock', false],
  ['IPAMConfig', false],
  ['IPAMHandle', false],
  ['IPPool', false],
  ['IPReservation', false],
  ['KubeControllersConfiguration', false],
  ['NetworkPolicy', true],
  ['NetworkSet', true],
  ['StagedGlobalNetworkPolicy', false],
  ['StagedKubernetesNetworkPolicy', true],
  ['StagedNetworkPolicy', true],
  ['Tier', false],
];

function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('status')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function crd(group: string, kind: string, namespaced: boolean, version: string): AddonObject {
  const plural = pluralOf(kind);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          ...(kind === 'CalicoNodeStatus' ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

const CALICO_RESOURCES = CALICO_KINDS.map(([kind]) => pluralOf(kind));

function clusterRole(name: string, rules: unknown[]): AddonObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

function binding(name: string, namespace: string): AddonObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  };
}

const CALICO = 'crd.projectcalico.org';
const IPAM = ['blockaffinities', 'ipamblocks', 'ipamhandles'];

/** The CNI configuration install-cni writes on every node (its placeholders are install-cni's). */
const CNI_NETWORK_CONFIG = {
  name: 'k8s-pod-network',
  cniVersion: '0.3.1',
  plugins: [
    {
      type: 'calico',
      log_level: 'info',
      log_file_path: '/var/log/calico/cni/cni.log',
      datastore_type: 'kubernetes',
      nodename: '__KUBERNETES_NODE_NAME__',
      mtu: '__CNI_MTU__',
      ipam: { type: 'calico-ipam' },
      policy: { type: 'k8s' },
      kubernetes: { kubeconfig: '__KUBECONFIG_FILEPATH__' },
    },
    { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
  ],
};

export function calicoAddon(input: CalicoInput): Addon {
  const ns = KUBE_SYSTEM;
  const node = imageReference(input.nodeImage);
  const cni = imageReference(input.cniImage);
  const fromConfig = (key: string) => ({ configMapKeyRef: { name: 'calico-config', key } });
  const hostPath = (name: string, path: string, type?: string) => ({ name, hostPath: { path, ...(type ? { type } : {}) } });
  const objects: AddonObject[] = [
    ...CALICO_KINDS.map(([kind, namespaced]) => crd(CALICO, kind, namespaced, 'v1')),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-node', namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-cni-plugin', namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-kube-controllers', namespace: ns } },
    clusterRole('calico-node', [
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces', 'configmaps'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'namespaces', 'serviceaccounts', 'endpoints', 'services', 'nodes'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch', 'update'] },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['watch', 'list'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['watch', 'list'] },
      { apiGroups: [CALICO], resources: CALICO_RESOURCES, verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: [CALICO],
        resources: ['ippools', 'felixconfigurations', 'clusterinformations', 'bgpconfigurations', 'bgppeers'],
        verbs: ['create', 'update'],
      },
      { apiGroups: [CALICO], resources: ['caliconodestatuses'], verbs: ['update'] },
      { apiGroups: [CALICO], resources: IPAM, verbs: ['get', 'list', 'create', 'update', 'delete'] },
      { apiGroups: [CALICO], resources: ['ipamconfigs'], verbs: ['get', 'create'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
    ]),
    clusterRole('calico-cni-plugin', [
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
      {
        apiGroups: [CALICO],
        resources: [...IPAM, 'clusterinformations', 'ippools', 'ipreservations', 'ipamconfigs'],
        verbs: ['get', 'list', 'create', 'update', 'delete'],
      },
    ]),
    clusterRole('calico-kube-controllers', [
      { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['services', 'services/status'], verbs: ['get', 'list', 'update', 'watch'] },
      { apiGroups: [CALICO], resources: ['ipreservations'], verbs: ['list'] },
      { apiGroups: [CALICO], resources: IPAM, verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'] },
      { apiGroups: [CALICO], resources: ['ippools'], verbs: ['list', 'watch'] },
      { apiGroups: [CALICO], resources: ['hostendpoints'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
      { apiGroups: [CALICO], resources: ['clusterinformations', 'kubecontrollersconfigurations'], verbs: ['get', 'list', 'create', 'update', 'watch'] },
    ]),
    binding('calico-node', ns),
    binding('calico-cni-plugin', ns),
    binding('calico-kube-controllers', ns),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'calico-config', namespace: ns },
      data: {
        typha_service_name: 'none',
        calico_backend: 'vxlan',
        veth_mtu: '0',
        cni_network_config: `${JSON.stringify(CNI_NETWORK_CONFIG, null, 2).replace('"__CNI_MTU__"', '__CNI_MTU__')}\n`,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'calico-node', namespace: ns, labels: { 'k8s-app': 'calico-node' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'calico-node' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels: { 'k8s-app': 'calico-node' } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            hostNetwork: true,
            tolerations: [
              { effect: 'NoSchedule', operator: 'Exists' },
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { effect: 'NoExecute', operator: 'Exists' },
            ],
            serviceAccountName: 'calico-node',
            terminationGracePeriodSeconds: 0,
            priorityClassName: 'system-node-critical',
            initContainers: [
              {
                name: 'upgrade-ipam',
                image: cni,
                imagePullPolicy: 'IfNotPresent',
                command: ['/opt/cni/bin/calico-ipam', '-upgrade'],
                env: [
                  { name: 'KUBERNETES_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'CALICO_NETWORKING_BACKEND', valueFrom: fromConfig('calico_backend') },
                ],
                volumeMounts: [
                  { mountPath: '/var/lib/cni/networks', name: 'host-local-net-dir' },
                  { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
                ],
                securityContext: { privileged: true },
              },
              {
                name: 'install-cni',
                image: cni,
                imagePullPolicy: 'IfNotPresent',
                command: ['/opt/cni/bin/install'],
                env: [
                  { name: 'CNI_CONF_NAME', value: '10-calico.conflist' },
                  { name: 'CNI_NETWORK_CONFIG', valueFrom: fromConfig('cni_network_config') },
                  { name: 'KUBERNETES_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'CNI_MTU', valueFrom: fromConfig('veth_mtu') },
                  { name: 'SLEEP', value: 'false' },
                ],
                volumeMounts: [
                  { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
                  { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
                ],
                securityContext: { privileged: true },
              },
              {
                name: 'mount-bpffs',
                image: node,
                imagePullPolicy: 'IfNotPresent',
                command: ['calico-node', '-init', '-best-effort'],
                volumeMounts: [
                  { mountPath: '/sys/fs', name: 'sys-fs', mountPropagation: 'Bidirectional' },
                  { mountPath: '/var/run/calico', name: 'var-run-calico', mountPropagation: 'Bidirectional' },
                  { mountPath: '/nodeproc', name: 'nodeproc', readOnly: true },
                ],
                securityContext: { privileged: true },
              },
            ],
            containers: [
              {
                name: 'calico-node',
                image: node,
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'DATASTORE_TYPE', value: 'kubernetes' },
                  { name: 'WAIT_FOR_DATASTORE', value: 'true' },
                  { name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'CALICO_NETWORKING_BACKEND', valueFrom: fromConfig('calico_backend') },
                  { name: 'CLUSTER_TYPE', value: 'k8s' },
                  { name: 'IP', value: 'autodetect' },
                  { name: 'CALICO_IPV4POOL_CIDR', value: input.podCIDR },
                  { name: 'CALICO_IPV4POOL_BLOCK_SIZE', value: String(input.blockSize) },
                  { name: 'CALICO_IPV4POOL_IPIP', value: 'Never' },
                  { name: 'CALICO_IPV4POOL_VXLAN', value: 'Always' },
                  { name: 'CALICO_IPV6POOL_VXLAN', value: 'Never' },
                  { name: 'FELIX_IPINIPMTU', valueFrom: fromConfig('veth_mtu') },
                  { name: 'FELIX_VXLANMTU', valueFrom: fromConfig('veth_mtu') },
                  { name: 'FELIX_WIREGUARDMTU', valueFrom: fromConfig('veth_mtu') },
                  { name: 'CALICO_DISABLE_FILE_LOGGING', value: 'true' },
                  { name: 'FELIX_DEFAULTENDPOINTTOHOSTACTION', value: 'ACCEPT' },
                  { name: 'FELIX_IPV6SUPPORT', value: 'false' },
                  { name: 'FELIX_HEALTHENABLED', value: 'true' },
                ],
                securityContext: { privileged: true },
                resources: { requests: { cpu: '250m' } },
                lifecycle: { preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } },
                livenessProbe: {
                  exec: { command: ['/bin/calico-node', '-felix-live'] },
                  periodSeconds: 10,
                  initialDelaySeconds: 10,
                  failureThreshold: 6,
                  timeoutSeconds: 10,
                },
                readinessProbe: { exec: { command: ['/bin/calico-node', '-felix-ready'] }, periodSeconds: 10, timeoutSeconds: 10 },
                volumeMounts: [
                  { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir', readOnly: false },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { mountPath: '/var/run/calico', name: 'var-run-calico', readOnly: false },
                  { mountPath: '/var/lib/calico', name: 'var-lib-calico', readOnly: false },
                  { mountPath: '/var/run/nodeagent', name: 'policysync' },
                  { mountPath: '/sys/fs/bpf', name: 'bpffs' },
                  { mountPath: '/var/log/calico/cni', name: 'cni-log-dir', readOnly: true },
                ],
              },
            ],
            volumes: [
              hostPath('lib-modules', '/lib/modules'),
              hostPath('var-run-calico', '/var/run/calico', 'DirectoryOrCreate'),
              hostPath('var-lib-calico', '/var/lib/calico', 'DirectoryOrCreate'),
              hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
              hostPath('sys-fs', '/sys/fs/', 'DirectoryOrCreate'),
              hostPath('bpffs', '/sys/fs/bpf', 'Directory'),
              hostPath('nodeproc', '/proc'),
              hostPath('cni-bin-dir', '/opt/cni/bin', 'DirectoryOrCreate'),
              hostPath('cni-net-dir', '/etc/cni/net.d'),
              hostPath('cni-log-dir', '/var/log/calico/cni'),
              hostPath('host-local-net-dir', '/var/lib/cni/networks'),
              hostPath('policysync', '/var/run/nodeagent', 'DirectoryOrCreate'),
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'calico-kube-controllers', namespace: ns, labels: { 'k8s-app': 'calico-kube-controllers' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } },
        strategy: { type: 'Recreate' },
        template: {
          metadata: { name: 'calico-kube-controllers', namespace: ns, labels: { 'k8s-app': 'calico-kube-controllers' } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            serviceAccountName: 'calico-kube-controllers',
            priorityClassName: 'system-cluster-critical',
            containers: [
              {
                name: 'calico-kube-controllers',
                image: imageReference(input.kubeControllersImage),
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'ENABLED_CONTROLLERS', value: 'node,loadbalancer' },
                  { name: 'DATASTORE_TYPE', value: 'kubernetes' },
                ],
                livenessProbe: {
                  exec: { command: ['/usr/bin/check-status', '-l'] },
                  periodSeconds: 10,
                  initialDelaySeconds: 10,
                  failureThreshold: 6,
                  timeoutSeconds: 10,
                },
                readinessProbe: { exec: { command: ['/usr/bin/check-status', '-r'] }, periodSeconds: 10 },
                securityContext: { runAsNonRoot: true },
              },
            ],
          },
        },
      },
    },
  ];
  return {
    name: 'calico',
    version: tagOf(input.nodeImage.image),
    objects: objects.map((o) => labelled('calico', o)),
    workloads: [
      { kind: 'DaemonSet', namespace: ns, name: 'calico-node' },
      { kind: 'Deployment', namespace: ns, name: 'calico-kube-controllers' },
    ],
  };
}
