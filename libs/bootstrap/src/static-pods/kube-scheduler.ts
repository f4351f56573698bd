import type { V1Pod } from '@kubernetes/client-node';
import { KUBERNETES_DIR, PORTS, SCHEDULER_CERT_DIR } from '../layout';
import { kubernetesImage } from '../images';
import type { PlacedMachine } from '../topology';
import { flags, staticPod } from './pod';

export interface SchedulerInput {
  kubernetesVersion: string;
  member: PlacedMachine;
  kubeconfig: string;
}

/** kube-scheduler: leader election, secure port only, delegated authentication and authorization. */
export function kubeSchedulerPod(input: SchedulerInput): V1Pod {
  return staticPod({
    component: 'kube-scheduler',
    image: kubernetesImage('kube-scheduler', input.kubernetesVersion),
    cpuRequest: '100m',
    probe: { host: input.member.address, path: '/healthz', port: PORTS.scheduler, scheme: 'HTTPS' },
    mounts: [
      { name: 'kubeconfig', path: `${KUBERNETES_DIR}/auth`, readOnly: true, type: 'Directory' },
      { name: 'serving-certs', path: SCHEDULER_CERT_DIR },
    ],
    command: [
      'kube-scheduler',
      ...flags({
        'bind-address': input.member.address,
        'secure-port': PORTS.scheduler,
        'cert-dir': SCHEDULER_CERT_DIR,
        kubeconfig: input.kubeconfig,
        'authentication-kubeconfig': input.kubeconfig,
        'authorization-kubeconfig': input.kubeconfig,
        'leader-elect': true,
      }),
    ],
  });
}
