import type { V1Pod } from '@kubernetes/client-node';
import { KUBERNETES_DIR, PORTS } from '../layout';
import { kubernetesImage } from '../images';
import type { PlacedMachine } from '../topology';
import { flags, staticPod } from './pod';

export interface ApiServerInput {
  kubernetesVersion: string;
  member: PlacedMachine;
  members: PlacedMachine[];
  port: number;
  serviceCIDR: string;
  clusterDomain: string;
  /**
   * Loopback machine addresses (the local platform): the apiserver refuses to publish a
   * loopback address as the endpoint of the in-cluster `kubernetes` Service, so the
   * endpoint reconciler is off there.
   */
  loopback: boolean;
}

/**
 * kube-apiserver with secure serving only, client-certificate and service-account
 * authentication, Node and RBAC authorization, NodeRestriction admission, TLS to etcd
 * and to kubelets, and the front-proxy (aggregation layer) settings.
 */
export function kubeApiServerPod(input: ApiServerInput): V1Pod {
  const { member } = input;
  const pki = `${KUBERNETES_DIR}/pki`;
  return staticPod({
    component: 'kube-apiserver',
    image: kubernetesImage('kube-apiserver', input.kubernetesVersion),
    cpuRequest: '250m',
    probe: { host: member.address, path: '/livez', port: input.port, scheme: 'HTTPS' },
    mounts: [{ name: 'k8s-certs', path: pki, readOnly: true, type: 'Directory' }],
    command: [
      'kube-apiserver',
      ...flags({
        'advertise-address': member.address,
        'bind-address': member.address,
        'secure-port': input.port,
        'allow-privileged': true,
        'authorization-mode': 'Node,RBAC',
        'enable-admission-plugins': 'NodeRestriction',
        'anonymous-auth': true,
        'client-ca-file': `${pki}/ca.crt`,
        'tls-cert-file': `${pki}/apiserver/server-${member.name}.crt`,
        'tls-private-key-file': `${pki}/apiserver/server-${member.name}.key`,
        'tls-min-version': 'VersionTLS12',
        'etcd-servers': input.members.map((m) => `https://${m.address}:${PORTS.etcdClient}`).join(','),
        'etcd-cafile': `${pki}/etcd/ca.crt`,
        'etcd-certfile': `${pki}/apiserver-etcd-client.crt`,
        'etcd-keyfile': `${pki}/apiserver-etcd-client.key`,
        'kubelet-client-certificate': `${pki}/apiserver-kubelet-client.crt`,
        'kubelet-client-key': `${pki}/apiserver-kubelet-client.key`,
        'kubelet-certificate-authority': `${pki}/ca.crt`,
        'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname',
        'service-account-issuer': `https://kubernetes.default.svc.${input.clusterDomain}`,
        'service-account-key-file': `${pki}/sa.pub`,
        'service-account-signing-key-file': `${pki}/sa.key`,
        'service-cluster-ip-range': input.serviceCIDR,
        'proxy-client-cert-file': `${pki}/front-proxy-client.crt`,
        'proxy-client-key-file': `${pki}/front-proxy-client.key`,
        'requestheader-client-ca-file': `${pki}/front-proxy-ca.crt`,
        'requestheader-allowed-names': 'front-proxy-client',
        'requestheader-extra-headers-prefix': 'X-Remote-Extra-',
        'requestheader-group-headers': 'X-Remote-Group',
        'requestheader-username-headers': 'X-Remote-User',
        'endpoint-reconciler-type': input.loopback ? 'none' : 'lease',
      }),
    ],
  });
}
