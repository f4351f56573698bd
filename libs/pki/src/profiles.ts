import type { LeafProfile } from './certificate';
import type { ResolvedPkiPlan } from './plan';
import type { CaName, MachineLeafName, SharedLeafName } from './types';

/** Common names of the three CAs, as kubeadm names them. */
export const CA_COMMON_NAMES: Record<CaName, string> = {
  ca: 'kubernetes',
  etcdCa: 'etcd-ca',
  frontProxyCa: 'front-proxy-ca',
};

/** One leaf certificate the plan calls for: where it goes in the bundle, who signs it, what it says. */
export type LeafSpec = { issuer: CaName; profile: LeafProfile } & ({ slot: SharedLeafName; machine?: undefined } | { slot: MachineLeafName; machine: string });

const LOOPBACK_NAME = 'localhost';
const LOOPBACK_IP = '127.0.0.1';

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function client(commonName: string, organizations: string[] = []): LeafProfile {
  return { commonName, organizations, usage: 'client', dnsNames: [], ipAddresses: [] };
}

/**
 * Every leaf certificate of the cluster described by `plan`, following the kubeadm profiles
 * (https://kubernetes.io/docs/setup/best-practices/certificates/). kube-apiserver gets one
 * serving certificate per control-plane member, carrying that member's own address, so adding
 * a member never re-issues the others'.
 */
export function leafSpecs(plan: ResolvedPkiPlan): LeafSpec[] {
  const specs: LeafSpec[] = [
    { slot: 'admin', issuer: 'ca', profile: client('kubernetes-admin', ['system:masters']) },
    { slot: 'controllerManager', issuer: 'ca', profile: client('system:kube-controller-manager') },
    { slot: 'scheduler', issuer: 'ca', profile: client('system:kube-scheduler') },
    {
      slot: 'apiServerKubeletClient',
      issuer: 'ca',
      profile: client('kube-apiserver-kubelet-client', ['system:masters']),
    },
    { slot: 'apiServerEtcdClient', issuer: 'etcdCa', profile: client('kube-apiserver-etcd-client') },
    { slot: 'etcdHealthcheckClient', issuer: 'etcdCa', profile: client('kube-etcd-healthcheck-client') },
    { slot: 'frontProxyClient', issuer: 'frontProxyCa', profile: client('front-proxy-client') },
  ];
  const serviceNames = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${plan.clusterDomain}`];
  for (const member of plan.controlPlane) {
    specs.push({
      slot: 'apiServer',
      machine: member.name,
      issuer: 'ca',
      profile: {
        commonName: 'kube-apiserver',
        organizations: [],
        usage: 'server',
        dnsNames: unique([...serviceNames, ...plan.apiServer.dnsNames, member.name, ...member.dnsNames, LOOPBACK_NAME]),
        ipAddresses: unique([plan.firstServiceIP, ...plan.apiServer.ipAddresses, member.address, LOOPBACK_IP]),
      },
    });
    specs.push({
      slot: 'etcdServer',
      machine: member.name,
      issuer: 'etcdCa',
      profile: {
        commonName: member.name,
        organizations: [],
        usage: 'peer',
        dnsNames: unique([member.name, ...member.dnsNames, LOOPBACK_NAME]),
        ipAddresses: unique([member.address, LOOPBACK_IP]),
      },
    });
    specs.push({
      slot: 'etcdPeer',
      machine: member.name,
      issuer: 'etcdCa',
      profile: {
        commonName: member.name,
        organizations: [],
        usage: 'peer',
        dnsNames: unique([member.name, ...member.dnsNames]),
        ipAddresses: [member.address],
      },
    });
  }
  for (const node of plan.nodes) {
    const nodeUser = `system:node:${node.name}`;
    specs.push({ slot: 'kubeletClient', machine: node.name, issuer: 'ca', profile: client(nodeUser, ['system:nodes']) });
    specs.push({
      slot: 'kubeletServing',
      machine: node.name,
      issuer: 'ca',
      profile: {
        commonName: nodeUser,
        organizations: ['system:nodes'],
        usage: 'server',
        dnsNames: [node.name],
        ipAddresses: [node.address],
      },
    });
  }
  return specs;
}
