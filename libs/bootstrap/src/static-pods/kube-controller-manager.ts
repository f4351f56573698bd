import type { V1Pod } from '@kubernetes/client-node';
import { CONTROLLER_MANAGER_CERT_DIR, KUBERNETES_DIR, PORTS } from '../layout';
import { kubernetesImage } from '../images';
import type { PlacedMachine } from '../topology';
import { flags, staticPod } from './pod';

export interface ControllerManagerInput {
  clusterName: string;
  kubernetesVersion: string;
  member: PlacedMachine;
  kubeconfig: string;
  podCIDR: string;
  serviceCIDR: string;
  nodeCidrMaskSize: number;
}

/** kube-controller-manager: per-controller service-account credentials, leader election, secure port only. */
export function kubeControllerManagerPod(input: ControllerManagerInput): V1Pod {
  const pki = `${KUBERNETES_DIR}/pki`;
  return staticPod({
    component: 'kube-controller-manager',
    image: kubernetesImage('kube-controller-manager', input.kubernetesVersion),
    cpuRequest: '200m',
    probe: { host: input.member.address, path: '/healthz', port: PORTS.controllerManager, scheme: 'HTTPS' },
    mounts: [
      { name: 'k8s-certs', path: pki, readOnly: true, type: 'Directory' },
      { name: 'kubeconfig', path: `${KUBERNETES_DIR}/auth`, readOnly: true, type: 'Directory' },
      { name: 'serving-certs', path: CONTROLLER_MANAGER_CERT_DIR },
    ],
    command: [
      'kube-controller-manager',
      ...flags({
        'bind-address': input.member.address,
        'secure-port': PORTS.controllerManager,
        'cert-dir': CONTROLLER_MANAGER_CERT_DIR,
        kubeconfig: input.kubeconfig,
        'authentication-kubeconfig': input.kubeconfig,
        'authorization-kubeconfig': input.kubeconfig,
        'client-ca-file': `${pki}/ca.crt`,
        'requestheader-client-ca-file': `${pki}/front-proxy-ca.crt`,
        'root-ca-file': `${pki}/ca.crt`,
        'cluster-name': input.clusterName,
        'cluster-signing-cert-file': `${pki}/ca.crt`,
        'cluster-signing-key-file': `${pki}/ca.key`,
        'service-account-private-key-file': `${pki}/sa.key`,
        'use-service-account-credentials': true,
        controllers: '*,bootstrapsigner,tokencleaner',
        'leader-elect': true,
        'allocate-node-cidrs': true,
        'cluster-cidr': input.podCIDR,
        'node-cidr-mask-size': input.nodeCidrMaskSize,
        'service-cluster-ip-range': input.serviceCIDR,
      }),
    ],
  });
}
