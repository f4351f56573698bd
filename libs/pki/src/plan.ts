import { InputError, type FieldProblem } from '@strata/errors';
import { isDnsLabel, isDnsSubdomain, isIpAddress } from './names';

/**
 * What the PKI of one cluster is made for. A plain object on purpose: the installer maps its
 * Cluster document onto it, and this lib stays independent of that document's schema.
 */
export interface PkiPlan {
  /** The cluster's name (RFC 1123 label); names the cluster entry of every kubeconfig. */
  clusterName: string;
  /** The cluster DNS domain, usually `cluster.local`. */
  clusterDomain: string;
  /** The first address of the service network: the `kubernetes` Service's ClusterIP. */
  firstServiceIP: string;
  /**
   * The API endpoint clients use (a load balancer, or the only control-plane machine).
   * The host of `url` is added to the API server's SANs automatically.
   */
  apiServer: { url: string; dnsNames: string[]; ipAddresses: string[] };
  /** One entry per control-plane machine; each runs an etcd member and a kube-apiserver. */
  controlPlane: { name: string; address: string; dnsNames?: string[] }[];
  /** Every machine that runs a kubelet, control plane and workers alike. */
  nodes: { name: string; address: string }[];
  /** Lifetime of leaf certificates in days (default 365). CAs always get 3650 days. */
  validityDays?: number;
  /**
   * The port kube-apiserver listens on at each control-plane machine's own address (default
   * 6443). The controller-manager and scheduler kubeconfigs of a member point there.
   */
  localApiServerPort?: number;
  /** The issuing instant; pass it to make validity windows reproducible in tests. */
  now?: Date;
}

/** A member of the control plane after validation, with defaults filled in. */
export interface ResolvedMember {
  name: string;
  address: string;
  dnsNames: string[];
}

/** A validated {@link PkiPlan} with every default resolved. */
export interface ResolvedPkiPlan {
  clusterName: string;
  clusterDomain: string;
  firstServiceIP: string;
  apiServer: { url: string; dnsNames: string[]; ipAddresses: string[] };
  controlPlane: ResolvedMember[];
  nodes: { name: string; address: string }[];
  validityDays: number;
  caValidityDays: number;
  localApiServerPort: number;
  now: Date;
}

/** Lifetime of the three certificate authorities, as kubeadm does. */
export const CA_VALIDITY_DAYS = 3650;
/** Default lifetime of leaf certificates. */
export const DEFAULT_VALIDITY_DAYS = 365;

class ProblemList {
  readonly problems: FieldProblem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

function checkString(p: ProblemList, path: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    p.add(path, 'must be a non-empty string');
    return false;
  }
  return true;
}

function checkArray(p: ProblemList, path: string, value: unknown): value is unknown[] {
  if (!Array.isArray(value)) {
    p.add(path, 'must be a list');
    return false;
  }
  return true;
}

function checkIp(p: ProblemList, path: string, value: unknown): void {
  if (checkString(p, path, value) && !isIpAddress(value)) {
    p.add(path, `"${value}" is not an IPv4 or IPv6 address`);
  }
}

function checkDnsName(p: ProblemList, path: string, value: unknown): void {
  if (checkString(p, path, value) && !isDnsSubdomain(value)) {
    p.add(path, `"${value}" is not a lowercase DNS name (RFC 1123 subdomain)`);
  }
}

function checkMachineName(p: ProblemList, path: string, value: unknown, seen: Set<string>, kind: string): void {
  if (!checkString(p, path, value)) return;
  if (!isDnsSubdomain(value)) {
    p.add(path, `"${value}" is not a valid machine name (lowercase RFC 1123 subdomain)`);
  } else if (seen.has(value)) {
    p.add(path, `duplicate ${kind} name "${value}"`);
  }
  seen.add(value);
}

function checkOptionalInteger(p: ProblemList, path: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    p.add(path, `must be a whole number from ${min} to ${max}`);
  }
}

function apiUrlHost(p: ProblemList, url: unknown): string | undefined {
  if (!checkString(p, 'apiServer.url', url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    p.add('apiServer.url', `"${url}" is not a URL`);
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '') {
    p.add('apiServer.url', `"${url}" must be an https:// URL with a host`);
    return undefined;
  }
  // URL keeps IPv6 hosts in brackets; certificates want the bare address.
  return parsed.hostname.replace(/^\[(.*)\]$/, '$1');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Checks every field of `plan` and returns it with defaults filled in.
 * @throws InputError listing every problem with its field path (e.g. `nodes[2].address`).
 */
export function resolvePkiPlan(plan: PkiPlan): ResolvedPkiPlan {
  const p = new ProblemList();
  if (typeof plan !== 'object' || plan === null) {
    throw new InputError('invalid PKI plan', [{ path: '', message: 'must be an object' }]);
  }
  if (checkString(p, 'clusterName', plan.clusterName) && !isDnsLabel(plan.clusterName)) {
    p.add('clusterName', `"${plan.clusterName}" is not a lowercase RFC 1123 label of at most 63 characters`);
  }
  checkDnsName(p, 'clusterDomain', plan.clusterDomain);
  checkIp(p, 'firstServiceIP', plan.firstServiceIP);

  const api = (plan.apiServer ?? {}) as Partial<PkiPlan['apiServer']>;
  if (typeof plan.apiServer !== 'object' || plan.apiServer === null) p.add('apiServer', 'must be an object');
  const urlHost = apiUrlHost(p, api.url);
  const apiDnsNames = api.dnsNames ?? [];
  const apiIps = api.ipAddresses ?? [];
  if (checkArray(p, 'apiServer.dnsNames', apiDnsNames)) {
    apiDnsNames.forEach((name, i) => checkDnsName(p, `apiServer.dnsNames[${i}]`, name));
  }
  if (checkArray(p, 'apiServer.ipAddresses', apiIps)) {
    apiIps.forEach((ip, i) => checkIp(p, `apiServer.ipAddresses[${i}]`, ip));
  }

  const memberNames = new Set<string>();
  const memberAddress = new Map<string, string>();
  if (checkArray(p, 'controlPlane', plan.controlPlane)) {
    if (plan.controlPlane.length === 0) p.add('controlPlane', 'needs at least one control-plane machine');
    plan.controlPlane.forEach((m, i) => {
      const path = `controlPlane[${i}]`;
      if (typeof m !== 'object' || m === null) return p.add(path, 'must be an object');
      checkMachineName(p, `${path}.name`, m.name, memberNames, 'control-plane');
      checkIp(p, `${path}.address`, m.address);
      memberAddress.set(m.name, m.address);
      if (m.dnsNames !== undefined && checkArray(p, `${path}.dnsNames`, m.dnsNames)) {
        m.dnsNames.forEach((name, j) => checkDnsName(p, `${path}.dnsNames[${j}]`, name));
      }
    });
  }
  const nodeNames = new Set<string>();
  if (checkArray(p, 'nodes', plan.nodes)) {
    plan.nodes.forEach((n, i) => {
      const path = `nodes[${i}]`;
      if (typeof n !== 'object' || n === null) return p.add(path, 'must be an object');
      checkMachineName(p, `${path}.name`, n.name, nodeNames, 'node');
      checkIp(p, `${path}.address`, n.address);
      const asMember = memberAddress.get(n.name);
      if (asMember !== undefined && n.address !== asMember) {
        p.add(`${path}.address`, `"${n.address}" differs from the control-plane address "${asMember}" of the same machine`);
      }
    });
  }
  checkOptionalInteger(p, 'validityDays', plan.validityDays, 1, CA_VALIDITY_DAYS);
  checkOptionalInteger(p, 'localApiServerPort', plan.localApiServerPort, 1, 65535);
  if (plan.now !== undefined && !(plan.now instanceof Date && !Number.isNaN(plan.now.getTime()))) {
    p.add('now', 'must be a valid Date');
  }
  if (p.problems.length > 0) throw new InputError('invalid PKI plan', p.problems);

  const hostIsIp = urlHost !== undefined && isIpAddress(urlHost);
  return {
    clusterName: plan.clusterName,
    clusterDomain: plan.clusterDomain,
    firstServiceIP: plan.firstServiceIP,
    apiServer: {
      url: api.url as string,
      dnsNames: unique([...apiDnsNames, ...(urlHost !== undefined && !hostIsIp ? [urlHost] : [])]),
      ipAddresses: unique([...apiIps, ...(hostIsIp ? [urlHost] : [])]),
    },
    controlPlane: plan.controlPlane.map((m) => ({ name: m.name, address: m.address, dnsNames: unique(m.dnsNames ?? []) })),
    nodes: plan.nodes.map((n) => ({ name: n.name, address: n.address })),
    validityDays: plan.validityDays ?? DEFAULT_VALIDITY_DAYS,
    caValidityDays: CA_VALIDITY_DAYS,
    localApiServerPort: plan.localApiServerPort ?? 6443,
    now: plan.now ?? new Date(),
  };
}
