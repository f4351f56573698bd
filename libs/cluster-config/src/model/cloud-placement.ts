import { nthAddress, parseCidr } from '../net/cidr';
import { planSubnets } from '../net/subnet-plan';
import type { Cluster } from '../schema/cluster-schema';
import { machinesOf } from './machines';
import { platformOf } from './platform-of';

/** Cloud machines take fixed private addresses in their subnet: control plane from .10, workers from .20. */
export const CLOUD_CONTROL_PLANE_OFFSET = 10;
export const CLOUD_WORKER_OFFSET = 20;

/** The zones an AWS cluster spreads over: the document's, else the region's `a`, `b` and `c`. */
export function awsZones(cluster: Cluster): string[] {
  const p = platformOf(cluster);
  if (p.name !== 'aws') return [];
  return p.config.zones.length > 0 ? [...p.config.zones] : ['a', 'b', 'c'].map((l) => `${p.config.region}${l}`);
}

/** One zone's subnets of an AWS cluster. */
export interface ZoneSubnets {
  zone: string;
  /** Machines live here, behind the NAT gateway. */
  private: string;
  /** The load balancer and the NAT gateway live here. */
  public: string;
}

/**
 * Per zone a private and a public subnet planned from `spec.networking.machineCIDR`: the
 * range split into the smallest power of two of equal blocks that holds both subnets of
 * every zone (no smaller than /28, AWS's smallest subnet), private subnets first. Throws a
 * `RangeError` naming the fix when they do not fit.
 */
export function awsSubnetPlan(cluster: Cluster): ZoneSubnets[] {
  const zones = awsZones(cluster);
  const cidr = cluster.spec.networking.machineCIDR;
  const prefix = Math.min(28, parseCidr(cidr).prefix + Math.ceil(Math.log2(2 * zones.length)));
  const blocks = planSubnets(cidr, 2 * zones.length, prefix);
  return zones.map((zone, i) => ({ zone, private: blocks[i] ?? '', public: blocks[zones.length + i] ?? '' }));
}

/** The two subnets of an Azure cluster's virtual network. */
export interface AzureSubnets {
  controlPlane: string;
  worker: string;
}

/**
 * An Azure cluster's subnets: machineCIDR split in two halves, control plane first (the
 * split openshift-install makes), so network security groups can tell the roles apart by
 * subnet. Throws a `RangeError` naming the fix when machineCIDR is too small to split.
 */
export function azureSubnetPlan(cluster: Cluster): AzureSubnets {
  const cidr = cluster.spec.networking.machineCIDR;
  const prefix = parseCidr(cidr).prefix + 1;
  // Azure's smallest subnet is a /29, and it reserves five addresses of each.
  if (prefix > 29) throw new RangeError(`machineCIDR ${cidr} is too small for a control-plane and a worker subnet; use a /28 or larger`);
  const [controlPlane = '', worker = ''] = planSubnets(cidr, 2, prefix);
  return { controlPlane, worker };
}

/** Where one cloud machine lives. */
export interface CloudPlacement {
  name: string;
  /** Its availability zone; empty on platforms without zones in the document. */
  zone: string;
  /** The subnet it is attached to. */
  subnet: string;
  /** Its fixed private address in that subnet. */
  address: string;
}

/**
 * The zone, subnet and private address of every machine of a cloud cluster, in
 * `machinesOf` order. On AWS each pool's machines go round-robin over the zones by their
 * index and take addresses in their zone's private subnet; on Azure control-plane machines
 * take addresses in the control-plane subnet and workers in the worker subnet
 * ({@link azureSubnetPlan}); elsewhere all machines share machineCIDR. Throws a `RangeError` naming `spec.networking.machineCIDR` when a subnet is
 * too small for its machines.
 */
export function cloudPlacement(cluster: Cluster): CloudPlacement[] {
  const platform = platformOf(cluster).name;
  const aws = platform === 'aws';
  const azure = platform === 'azure' ? azureSubnetPlan(cluster) : undefined;
  const subnets = aws ? awsSubnetPlan(cluster) : [{ zone: '', private: cluster.spec.networking.machineCIDR }];
  const used = new Map<string, { controlPlane: number; workers: number }>();
  return machinesOf(cluster).map((m) => {
    const s = azure
      ? { zone: '', private: m.role === 'control-plane' ? azure.controlPlane : azure.worker }
      : (subnets[m.index % subnets.length] ?? { zone: '', private: cluster.spec.networking.machineCIDR });
    const count = used.get(s.private) ?? { controlPlane: 0, workers: 0 };
    used.set(s.private, count);
    const n = m.role === 'control-plane' ? CLOUD_CONTROL_PLANE_OFFSET + count.controlPlane++ : CLOUD_WORKER_OFFSET + count.workers++;
    if (m.role === 'control-plane' && n >= CLOUD_WORKER_OFFSET) {
      throw new RangeError(
        `more than ${CLOUD_WORKER_OFFSET - CLOUD_CONTROL_PLANE_OFFSET} control-plane machines in subnet ${s.private}; use fewer replicas or more zones`,
      );
    }
    const size = 2 ** (32 - parseCidr(s.private).prefix);
    // The last address is the broadcast address (and reserved by AWS).
    if (n >= size - 1) {
      throw new RangeError(
        `subnet ${s.private}${s.zone ? ` of zone ${s.zone}` : ''} has no room for ${m.name} (address number ${n}); use a larger spec.networking.machineCIDR`,
      );
    }
    return { name: m.name, zone: s.zone, subnet: s.private, address: nthAddress(s.private, n) };
  });
}
