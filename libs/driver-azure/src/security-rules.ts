import { azureSubnetPlan, type Cluster } from '@strata/cluster-config';

/** One rule of a network security group, as data the plan shows. */
export interface SecurityRule {
  /** The rule's name within its group (letters, digits, `_ . -`). */
  name: string;
  description: string;
  priority: number;
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  /** A port or a range (`2379-2380`), or `*`. */
  ports: string;
  /** A CIDR or a service tag (`Internet`, `VirtualNetwork`, `AzureLoadBalancer`). */
  source: string;
}

/**
 * The inbound rules of the two groups, one per subnet. Azure's default rules already allow
 * everything from inside the virtual network (`AllowVnetInBound`, priority 65000), so the
 * rules that matter are the ones that open a port to the Internet and the ones that close
 * one inside the network: etcd's ports are allowed from the control-plane subnet and then
 * denied to the rest of the network. The Standard load balancer keeps the client's
 * address, so the API port is open to the Internet; kubelet and NodePorts are listed for
 * the network explicitly, SSH only when the document lists SSH keys.
 * https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules
 */
export function securityRules(cluster: Cluster): { controlPlane: SecurityRule[]; worker: SecurityRule[] } {
  const subnets = azureSubnetPlan(cluster);
  const ssh = (cluster.spec.sshAuthorizedKeys ?? []).length > 0;
  const common = (first: number): SecurityRule[] => [
    { name: 'kubelet', description: 'kubelet API from the nodes', priority: first, access: 'Allow', protocol: 'Tcp', ports: '10250', source: 'VirtualNetwork' },
    {
      name: 'nodeports-tcp',
      description: 'NodePort services (TCP) from the network',
      priority: first + 10,
      access: 'Allow',
      protocol: 'Tcp',
      ports: '30000-32767',
      source: 'VirtualNetwork',
    },
    {
      name: 'nodeports-udp',
      description: 'NodePort services (UDP) from the network',
      priority: first + 20,
      access: 'Allow',
      protocol: 'Udp',
      ports: '30000-32767',
      source: 'VirtualNetwork',
    },
    ...(ssh
      ? [
          {
            name: 'ssh',
            description: 'SSH (sshAuthorizedKeys is set)',
            priority: first + 30,
            access: 'Allow' as const,
            protocol: 'Tcp' as const,
            ports: '22',
            source: 'Internet',
          },
        ]
      : []),
  ];
  return {
    controlPlane: [
      {
        name: 'api',
        description: 'Kubernetes API from its clients and the load balancers',
        priority: 100,
        access: 'Allow',
        protocol: 'Tcp',
        ports: '6443',
        source: '*',
      },
      {
        name: 'etcd',
        description: 'etcd between control-plane machines only',
        priority: 110,
        access: 'Allow',
        protocol: 'Tcp',
        ports: '2379-2380',
        source: subnets.controlPlane,
      },
      {
        name: 'etcd-deny',
        description: 'etcd closed to the rest of the network',
        priority: 120,
        access: 'Deny',
        protocol: 'Tcp',
        ports: '2379-2380',
        source: 'VirtualNetwork',
      },
      ...common(200),
    ],
    worker: common(200),
  };
}
