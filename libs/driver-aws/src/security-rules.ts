import type { Cluster } from '@strata/cluster-config';

/** One ingress rule of a security group, as data the plan shows. */
export interface IngressRule {
  description: string;
  protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  fromPort: number;
  toPort: number;
  /** A CIDR, or `self` for the members of the same group. */
  source: string;
}

/**
 * The ingress rules of the two groups. The API load balancer is a network load balancer,
 * which keeps the client's address, so port 6443 is open to the clients (anywhere) and to
 * the nodes; etcd's ports only between control-plane machines; kubelet, NodePorts and
 * ICMP within the VPC; SSH only when the document lists SSH keys.
 */
export function securityGroupRules(cluster: Cluster): { controlPlane: IngressRule[]; worker: IngressRule[] } {
  const vpc = cluster.spec.networking.machineCIDR;
  const pods = cluster.spec.networking.podCIDR;
  const ssh = (cluster.spec.sshAuthorizedKeys ?? []).length > 0;
  const common: IngressRule[] = [
    { description: 'kubelet API from the nodes', protocol: 'tcp', fromPort: 10250, toPort: 10250, source: vpc },
    { description: 'NodePort services (TCP)', protocol: 'tcp', fromPort: 30000, toPort: 32767, source: vpc },
    { description: 'NodePort services (UDP)', protocol: 'udp', fromPort: 30000, toPort: 32767, source: vpc },
    { description: 'ICMP within the VPC (path MTU discovery, ping)', protocol: 'icmp', fromPort: -1, toPort: -1, source: vpc },
    { description: 'pod network between nodes', protocol: '-1', fromPort: -1, toPort: -1, source: pods },
    ...(ssh ? [{ description: 'SSH (sshAuthorizedKeys is set)', protocol: 'tcp' as const, fromPort: 22, toPort: 22, source: '0.0.0.0/0' }] : []),
  ];
  return {
    controlPlane: [
      { description: 'Kubernetes API from the load balancer and its clients', protocol: 'tcp', fromPort: 6443, toPort: 6443, source: '0.0.0.0/0' },
      { description: 'Kubernetes API from the nodes', protocol: 'tcp', fromPort: 6443, toPort: 6443, source: vpc },
      { description: 'etcd between control-plane machines only', protocol: 'tcp', fromPort: 2379, toPort: 2380, source: 'self' },
      ...common,
    ],
    worker: common,
  };
}
