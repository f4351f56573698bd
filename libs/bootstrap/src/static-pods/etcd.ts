import type { V1Pod } from '@kubernetes/client-node';
import { ETCD_DATA_DIR, KUBERNETES_DIR, PORTS } from '../layout';
import { etcdImage } from '../images';
import type { PlacedMachine } from '../topology';
import { flags, staticPod } from './pod';

export interface EtcdInput {
  clusterName: string;
  kubernetesVersion: string;
  member: PlacedMachine;
  members: PlacedMachine[];
  /** Also listen on 127.0.0.1 (not on the local platform, where members share the host's loopback). */
  listenOnLoopback: boolean;
}

/**
 * etcd with TLS for clients and peers and client-certificate authentication on both
 * (https://etcd.io/docs/v3.6/op-guide/security/).
 */
export function etcdPod(input: EtcdInput): V1Pod {
  const { member } = input;
  const pki = `${KUBERNETES_DIR}/pki/etcd`;
  const client = `https://${member.address}:${PORTS.etcdClient}`;
  const peer = `https://${member.address}:${PORTS.etcdPeer}`;
  const listenClient = input.listenOnLoopback ? `${client},https://127.0.0.1:${PORTS.etcdClient}` : client;
  return staticPod({
    component: 'etcd',
    image: etcdImage(input.kubernetesVersion),
    cpuRequest: '100m',
    probe: { host: member.address, path: '/health?exclude=NOSPACE&serializable=true', port: PORTS.etcdMetrics, scheme: 'HTTP' },
    mounts: [
      { name: 'etcd-data', path: ETCD_DATA_DIR },
      { name: 'etcd-certs', path: pki, readOnly: true, type: 'Directory' },
    ],
    command: [
      'etcd',
      ...flags({
        name: member.name,
        'data-dir': ETCD_DATA_DIR,
        'listen-client-urls': listenClient,
        'advertise-client-urls': client,
        'listen-peer-urls': peer,
        'initial-advertise-peer-urls': peer,
        'initial-cluster': input.members.map((m) => `${m.name}=https://${m.address}:${PORTS.etcdPeer}`).join(','),
        'initial-cluster-state': 'new',
        'initial-cluster-token': input.clusterName,
        'listen-metrics-urls': `http://${member.address}:${PORTS.etcdMetrics}`,
        'cert-file': `${pki}/server-${member.name}.crt`,
        'key-file': `${pki}/server-${member.name}.key`,
        'trusted-ca-file': `${pki}/ca.crt`,
        'client-cert-auth': true,
        'peer-cert-file': `${pki}/peer-${member.name}.crt`,
        'peer-key-file': `${pki}/peer-${member.name}.key`,
        'peer-trusted-ca-file': `${pki}/ca.crt`,
        'peer-client-cert-auth': true,
        'snapshot-count': 10000,
      }),
    ],
  });
}
