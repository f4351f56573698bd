/** `spec.networking`: the machine, pod and service networks and the cluster DNS domain. */
import { z } from 'zod';
import { dnsSubdomainProblem } from '../formats/dns-names';
import { cidrsOverlap, parseCidr } from '../net/cidr';
import { checkedString, cidrString } from './fields';

/** Networks that can never carry cluster traffic. */
const RESERVED_NETWORKS: ReadonlyArray<[string, string]> = [
  ['0.0.0.0/8', '"this network"'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata services live there)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

function reservedProblem(value: string): string | undefined {
  const hit = RESERVED_NETWORKS.find(([network]) => cidrsOverlap(network, value));
  return hit ? `${value} overlaps the ${hit[1]} network ${hit[0]}; use a private range such as 10.0.0.0/8 or 172.16.0.0/12` : undefined;
}

/** Each node gets a /24 of the pod network (kube-controller-manager --node-cidr-mask-size). */
export const NODE_POD_CIDR_PREFIX = 24;

/** The pod networks a cluster can run; the first is the default (the lighter one). */
export const POD_NETWORKS = ['flannel', 'calico'] as const;
export type PodNetwork = (typeof POD_NETWORKS)[number];

/**
 * The largest pod network prefix each pod network accepts, and why. Flannel hands every node
 * a /24 and needs room for at least four of them (its own network check: SubnetLen must be at
 * least the network prefix + 2); Calico carves its IP pool into /26 blocks, so the pool must
 * hold at least one block.
 */
export const POD_NETWORK_LIMITS: Record<PodNetwork, { maxPrefix: number; reason: string }> = {
  flannel: { maxPrefix: NODE_POD_CIDR_PREFIX - 2, reason: `flannel needs room for at least four /${NODE_POD_CIDR_PREFIX} node subnets` },
  calico: { maxPrefix: 26, reason: 'Calico allocates pod addresses in /26 blocks' },
};

/** kube-proxy's proxy modes on Linux; the first is upstream's default. */
export const PROXY_MODES = ['iptables', 'nftables'] as const;

/** Schema of `spec.networking`. */
export const NetworkingSchema = z
  .strictObject({
    machineCIDR: cidrString(
      { description: 'Network of the machines (the VPC, virtual network or Neutron subnet on clouds).' },
      (value) =>
        reservedProblem(value) ?? (parseCidr(value).prefix > 28 ? `${value} is too small for machines; use a /28 or larger (e.g. 10.0.0.0/16)` : undefined),
    ).default('10.0.0.0/16'),
    podCIDR: cidrString(
      { description: 'Network pods take their addresses from; every node gets a /24 of it.' },
      (value) =>
        reservedProblem(value) ??
        (parseCidr(value).prefix > NODE_POD_CIDR_PREFIX
          ? `${value} is smaller than one node's /${NODE_POD_CIDR_PREFIX} pod range; use a /${NODE_POD_CIDR_PREFIX} or larger (e.g. 10.128.0.0/14)`
          : undefined),
    ).default('10.128.0.0/14'),
    serviceCIDR: cidrString({ description: 'Network of Service cluster IPs; the 1st address is the kubernetes Service, the 10th cluster DNS.' }, (value) => {
      const prefix = parseCidr(value).prefix;
      if (prefix < 12) return `${value} is too large; kube-apiserver accepts at most a /12 for IPv4 service ranges`;
      if (prefix > 28) {
        return `${value} leaves no room for the first service IP (the kubernetes Service) and the cluster DNS IP (the 10th address); use a /28 or larger such as 172.30.0.0/16`;
      }
      return reservedProblem(value);
    }).default('172.30.0.0/16'),
    clusterDomain: checkedString((value) => dnsSubdomainProblem(value, 'cluster.local'), {
      description: 'DNS domain of Services inside the cluster.',
    }).default('cluster.local'),
    network: z
      .enum(POD_NETWORKS)
      .default('flannel')
      .meta({ description: 'The pod network installed with the cluster: flannel (VXLAN, the lighter one) or calico (BGP-free VXLAN with network policy).' }),
    proxyMode: z.enum(PROXY_MODES).default('iptables').meta({ description: "kube-proxy's mode: iptables (upstream's default) or nftables." }),
  })
  .meta({ description: 'Cluster networks; the three CIDRs must not overlap.' });
