import { stringify } from 'yaml';
import { clusterDnsIP, NODE_POD_CIDR_PREFIX, platformOf, type Cluster } from '@strata/cluster-config';
import { IgnitionBuilder } from '@strata/ignition';
import { filesForMachine, type PkiBundle } from '@strata/pki';
import {
  CONTROLLER_MANAGER_CERT_DIR,
  ETCD_DATA_DIR,
  KUBELET_BINARY,
  KUBELET_CONFIG,
  MANIFESTS_DIR,
  NODE_AGENT_CONFIG,
  onMachine,
  OS_RELEASE,
  SCHEDULER_CERT_DIR,
  UPDATE_CONF,
} from './layout';
import { kubeletConfig, kubeletDownloadUrl, kubeletUnit, type KubeletInput } from './kubelet';
import type { NodeAgentConfig } from './node-agent-config';
import { OS_TRUSTED_KEYS, osRelease, STRATA_OS, updateConf } from './os';
import { etcdPod } from './static-pods/etcd';
import { kubeApiServerPod } from './static-pods/kube-apiserver';
import { kubeControllerManagerPod } from './static-pods/kube-controller-manager';
import { kubeSchedulerPod } from './static-pods/kube-scheduler';
import type { ClusterTopology, PlacedMachine } from './topology';

/** A rendered static pod manifest: its file name and YAML. */
export interface RenderedManifest {
  name: string;
  yaml: string;
}

/** The four static pod manifests of one control-plane member. */
export function controlPlaneManifests(cluster: Cluster, topology: ClusterTopology, member: PlacedMachine): RenderedManifest[] {
  const version = cluster.spec.kubernetesVersion;
  const net = cluster.spec.networking;
  const members = topology.controlPlane;
  const pods = [
    etcdPod({ clusterName: cluster.metadata.name, kubernetesVersion: version, member, members, listenOnLoopback: !topology.loopback }),
    kubeApiServerPod({
      kubernetesVersion: version,
      member,
      members,
      port: topology.apiEndpoint.port,
      serviceCIDR: net.serviceCIDR,
      clusterDomain: net.clusterDomain,
      loopback: topology.loopback,
    }),
    kubeControllerManagerPod({
      clusterName: cluster.metadata.name,
      kubernetesVersion: version,
      member,
      kubeconfig: onMachine(`auth/controller-manager-${member.name}.kubeconfig`),
      podCIDR: net.podCIDR,
      serviceCIDR: net.serviceCIDR,
      nodeCidrMaskSize: NODE_POD_CIDR_PREFIX,
    }),
    kubeSchedulerPod({ kubernetesVersion: version, member, kubeconfig: onMachine(`auth/scheduler-${member.name}.kubeconfig`) }),
  ];
  return pods.map((pod) => ({ name: `${pod.metadata?.name ?? 'pod'}.yaml`, yaml: stringify(pod) }));
}

function poolOf(cluster: Cluster, machine: PlacedMachine) {
  return cluster.spec.workers.find((p) => p.name === machine.pool);
}

/** Node labels: the role label plus the pool's own labels. */
export function nodeLabels(cluster: Cluster, machine: PlacedMachine): Record<string, string> {
  const role = machine.role === 'control-plane' ? 'control-plane' : 'worker';
  // On local machines, pods go through their lifecycle by KWOK, which manages the nodes with this
  // label: the workloads' pods on workers, and the add-ons' DaemonSet pods on every node.
  const simulated: Record<string, string> = platformOf(cluster).name === 'local' ? { 'strata.dev/pod-lifecycle': 'kwok' } : {};
  return {
    [`node-role.kubernetes.io/${role}`]: '',
    'strata.dev/pool': machine.pool,
    ...simulated,
    ...(poolOf(cluster, machine)?.labels ?? {}),
  };
}

function nodeTaints(cluster: Cluster, machine: PlacedMachine): KubeletInput['taints'] {
  if (machine.role === 'control-plane') return [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
  return (poolOf(cluster, machine)?.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
}

function updateServer(cluster: Cluster): string {
  if (cluster.spec.os.updateServer) return cluster.spec.os.updateServer;
  return platformOf(cluster).name === 'local'
    ? 'http://127.0.0.1:8600/v1/update/'
    : `https://updates.${cluster.metadata.name}.${cluster.spec.baseDomain}/v1/update/`;
}

/**
 * The Ignition config of one machine: its PKI files (never a CA key on a worker), the
 * static manifests on control-plane members, the kubelet binary, unit and configuration
 * (cloud) or the node-agent configuration (local), OS release and update settings, and the `core` user's SSH keys.
 */
export function machineIgnition(cluster: Cluster, topology: ClusterTopology, pki: PkiBundle, machine: PlacedMachine): string {
  const b = new IgnitionBuilder();
  for (const file of filesForMachine(pki, machine.name, machine.role)) {
    b.file({ path: onMachine(file.path), contents: file.contents, mode: file.mode, overwrite: true });
  }
  const channel = cluster.spec.os.channel;
  b.file({ path: OS_RELEASE, contents: osRelease(channel), overwrite: true });
  b.file({ path: UPDATE_CONF, contents: updateConf(channel, updateServer(cluster)), overwrite: true });
  const keys = cluster.spec.os.updatePayloadKeys;
  if (keys.length > 0) b.file({ path: OS_TRUSTED_KEYS, contents: `${keys.map((k) => k.trim()).join('\n')}\n`, mode: 0o644, overwrite: true });
  b.directory({ path: MANIFESTS_DIR });

  if (machine.role === 'control-plane') {
    for (const m of controlPlaneManifests(cluster, topology, machine)) {
      b.file({ path: `${MANIFESTS_DIR}/${m.name}`, contents: m.yaml, mode: 0o600, overwrite: true });
    }
    b.directory({ path: ETCD_DATA_DIR, mode: 0o700 });
    b.directory({ path: CONTROLLER_MANAGER_CERT_DIR, mode: 0o700 });
    b.directory({ path: SCHEDULER_CERT_DIR, mode: 0o700 });
  }

  const kubelet: KubeletInput = {
    nodeName: machine.name,
    address: machine.address,
    kubernetesVersion: cluster.spec.kubernetesVersion,
    clusterDNS: clusterDnsIP(cluster),
    clusterDomain: cluster.spec.networking.clusterDomain,
    labels: nodeLabels(cluster, machine),
    taints: nodeTaints(cluster, machine),
  };
  const platform = platformOf(cluster).name;
  if (platform === 'local') {
    const agent: NodeAgentConfig = {
      cluster: cluster.metadata.name,
      machine: machine.name,
      role: machine.role,
      pool: machine.pool,
      address: machine.address,
      providerID: `local://${cluster.metadata.name}/${machine.name}`,
      kubeconfig: onMachine(`auth/kubelet-${machine.name}.kubeconfig`),
      apiServerUrl: topology.apiEndpoint.url,
      kubernetesVersion: cluster.spec.kubernetesVersion,
      labels: kubelet.labels,
      taints: kubelet.taints as NodeAgentConfig['taints'],
      os: { name: STRATA_OS.name, version: STRATA_OS.version, channel },
      leaseRenewSeconds: 10,
      statusUpdateSeconds: 10,
    };
    b.file({ path: NODE_AGENT_CONFIG, contents: `${JSON.stringify(agent, null, 2)}\n`, mode: 0o600, overwrite: true });
  } else {
    // Flatcar ships containerd but no kubelet: Ignition downloads the pinned release.
    b.file({ path: KUBELET_BINARY, source: kubeletDownloadUrl(cluster.spec.kubernetesVersion), mode: 0o755, overwrite: true });
    b.file({ path: KUBELET_CONFIG, contents: kubeletConfig(kubelet), overwrite: true });
    b.unit({ name: 'kubelet.service', contents: kubeletUnit(kubelet, platform), enabled: true });
    b.unit({ name: 'containerd.service', enabled: true });
  }
  b.unit({
    name: 'update-engine.service',
    dropins: [{ name: '10-strata-channel.conf', contents: `[Service]\nEnvironment=STRATA_CHANNEL=${channel}\n` }],
  });
  if (cluster.spec.sshAuthorizedKeys.length > 0) {
    b.user({ name: 'core', sshAuthorizedKeys: [...cluster.spec.sshAuthorizedKeys] });
  }
  return b.render();
}
