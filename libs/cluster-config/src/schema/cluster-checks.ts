/**
 * Rules that span sections of a Cluster document. They run on the partly parsed value even
 * when single fields failed, so every input is read defensively and a rule stays silent
 * when the fields it needs are themselves invalid (those already have their own problem).
 */
import { CLOUD_PLATFORM_NAMES, PLATFORM_NAMES } from '../catalog/platform-names';
import { cidrsOverlap, formatCidr, localUsableAddresses, prefixHolding, tryParseCidr, widenCidr, type Cidr } from '../net/cidr';
import { show } from '../formats/show';
import { asRecord, type DefensiveCheck } from './fields';
import { NODE_POD_CIDR_PREFIX, POD_NETWORK_LIMITS, POD_NETWORKS, type PodNetwork } from './networking';

type Report = Parameters<DefensiveCheck>[1];

/** Control-plane plus worker replicas, or `undefined` while any replica count is invalid. */
function countNodes(spec: Record<string, unknown>): number | undefined {
  const controlPlane = asRecord(spec.controlPlane)?.replicas;
  if (typeof controlPlane !== 'number' || ![1, 3, 5].includes(controlPlane)) return undefined;
  if (!Array.isArray(spec.workers)) return undefined;
  let total = controlPlane;
  for (const pool of spec.workers) {
    const replicas = asRecord(pool)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) return undefined;
    total += replicas;
  }
  return total;
}

function checkBaseDomain(name: unknown, spec: Record<string, unknown>, report: Report): void {
  const platform = asRecord(spec.platform) ?? {};
  const chosen = PLATFORM_NAMES.filter((candidate) => platform[candidate] !== undefined);
  // With several platforms set the document has a bigger problem than a missing domain.
  const cloud = chosen.length === 1 ? CLOUD_PLATFORM_NAMES.find((candidate) => candidate === chosen[0]) : undefined;
  if (cloud !== undefined && spec.baseDomain === undefined) {
    report(['spec', 'baseDomain'], `is required on ${cloud}: the API is published as api.<name>.<baseDomain>; add e.g. baseDomain: example.com`);
  }
  if (typeof name === 'string' && typeof spec.baseDomain === 'string') {
    const apiName = `api.${name}.${spec.baseDomain}`;
    if (apiName.length > 253) {
      report(
        ['spec', 'baseDomain'],
        `makes the API name ${apiName.length} characters long (api.<name>.<baseDomain>), over the DNS limit of 253; use a shorter domain`,
      );
    }
  }
}

/**
 * The fix for a range that is too small: the range of the needed size around the given one,
 * unless that would overlap another network, when only the needed size is named.
 */
function largerRange(range: Cidr, prefix: number | undefined, others: Cidr[]): string {
  if (prefix === undefined) return 'no range is large enough; lower the replica counts';
  const wider = widenCidr(range, prefix);
  if (others.some((other) => cidrsOverlap(wider, other))) return `use a /${prefix} or larger range that overlaps no other network`;
  return `use a /${prefix} or larger range such as ${formatCidr(wider)}`;
}

const NETWORKS = ['machineCIDR', 'podCIDR', 'serviceCIDR'] as const;

function checkNetworks(spec: Record<string, unknown>, nodes: number | undefined, report: Report): void {
  const networking = asRecord(spec.networking) ?? {};
  const parsed = NETWORKS.map((field) => tryParseCidr(networking[field]));
  NETWORKS.forEach((field, i) => {
    for (let j = 0; j < i; j++) {
      const a = parsed[j];
      const b = parsed[i];
      if (a && b && a.base < b.base + b.size && b.base < a.base + a.size) {
        report(
          ['spec', 'networking', field],
          `${formatCidr(b)} overlaps ${NETWORKS[j]} ${formatCidr(a)}; the machine, pod and service networks must be disjoint (defaults: 10.0.0.0/16, 10.128.0.0/14, 172.30.0.0/16)`,
        );
      }
    }
  });
  const pods = parsed[1];
  if (!pods || pods.prefix > NODE_POD_CIDR_PREFIX) return;
  const others = parsed.filter((other, k) => k !== 1 && other !== undefined) as Cidr[];
  // The prefix that holds a /24 for every node, and the largest prefix the pod network accepts.
  const forNodes =
    nodes === undefined ? undefined : prefixHolding(nodes, (prefix) => (prefix <= NODE_POD_CIDR_PREFIX ? 2 ** (NODE_POD_CIDR_PREFIX - prefix) : 0), 1);
  const network = POD_NETWORKS.find((n) => n === (networking.network ?? POD_NETWORKS[0]));
  const limit = network ? POD_NETWORK_LIMITS[network as PodNetwork] : undefined;
  const needed = (extra: number | undefined) => (forNodes === undefined ? extra : extra === undefined ? forNodes : Math.min(forNodes, extra));
  if (limit && pods.prefix > limit.maxPrefix) {
    report(
      ['spec', 'networking', 'podCIDR'],
      `${formatCidr(pods)} is too small for the ${network} pod network: ${limit.reason}; ${largerRange(pods, needed(limit.maxPrefix), others)}`,
    );
    return;
  }
  if (nodes !== undefined) {
    const capacity = 2 ** (NODE_POD_CIDR_PREFIX - pods.prefix);
    if (capacity < nodes) {
      report(
        ['spec', 'networking', 'podCIDR'],
        `${formatCidr(pods)} holds ${capacity} node pod ranges (/${NODE_POD_CIDR_PREFIX} each) but the cluster has ${nodes} nodes; ${largerRange(pods, needed(limit?.maxPrefix), others)}`,
      );
    }
  }
}

function checkLocalAddresses(spec: Record<string, unknown>, nodes: number | undefined, report: Report): void {
  const local = asRecord(asRecord(spec.platform)?.local);
  const range = tryParseCidr(local?.addressRange);
  if (!range || nodes === undefined) return;
  const needed = nodes + 1;
  const usable = localUsableAddresses(range.prefix);
  if (usable < needed) {
    report(
      ['spec', 'platform', 'local', 'addressRange'],
      `${formatCidr(range)} has ${usable} usable addresses but the cluster needs ${needed} (1 API endpoint + ${nodes} machines); ${largerRange(
        range,
        // A local range must stay inside the loopback network 127.0.0.0/8.
        prefixHolding(needed, localUsableAddresses, 8),
        [],
      )}`,
    );
  }
}

function checkPoolNames(spec: Record<string, unknown>, report: Report): void {
  if (!Array.isArray(spec.workers)) return;
  const firstIndex = new Map<unknown, number>();
  spec.workers.forEach((pool, index) => {
    const name = asRecord(pool)?.name;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else report(['spec', 'workers', index, 'name'], `${show(name)} is already the name of spec.workers[${first}]; pool names must be unique`);
  });
}

/** The cross-section rules of a Cluster document. */
export const checkClusterDocument: DefensiveCheck = (value, report) => {
  const document = asRecord(value);
  const spec = asRecord(document?.spec);
  if (!document || !spec) return;
  const nodes = countNodes(spec);
  checkBaseDomain(asRecord(document.metadata)?.name, spec, report);
  checkNetworks(spec, nodes, report);
  checkLocalAddresses(spec, nodes, report);
  checkPoolNames(spec, report);
};
