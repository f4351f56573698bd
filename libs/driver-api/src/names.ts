import { createHash } from 'node:crypto';
import type { Platform } from './ownership';

/** Length of the hash of the whole name that a cut name ends with (40 bits). */
const CUT_HASH = 10;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A deterministic provider-side name: `strata-<cluster>-<hash of cluster id>-<suffix>`,
 * lowercase letters, digits and single inner hyphens. When that name does not fit `max`
 * or had to be changed to fit the charset, it is cut and ends with a hash of the WHOLE
 * original name, so two different inputs never share a name (a plain cut would give
 * `strata-prod-a1b2c-subnet-us-east-1` to both `…-1a` and `…-1b`).
 */
export function resourceName(cluster: string, clusterId: string, suffix: string, max = 63): string {
  if (max < CUT_HASH + 6) throw new RangeError(`a name limit of ${max} leaves no room for the hash; it must be at least ${CUT_HASH + 6}`);
  const hash = sha(clusterId).slice(0, 5);
  const full = suffix ? `strata-${cluster}-${hash}-${suffix}` : `strata-${cluster}-${hash}`;
  const clean = full
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-+$/, '');
  if (clean === full && full.length <= max) return full;
  const head = clean.slice(0, max - CUT_HASH - 1).replace(/-+$/, '');
  return `${head}-${sha(full).slice(0, CUT_HASH)}`;
}

/** A platform's rule for one kind of name. */
export interface NameRule {
  max: number;
  pattern: RegExp;
  doc: string;
}

/**
 * Name limits per platform and resource kind (`default` for the rest). Names made by
 * {@link platformName} always match the rule.
 */
export const NAME_RULES: Record<Platform, Record<string, NameRule>> = {
  local: {
    // Machine names become directory names and hostnames.
    default: { max: 63, pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, doc: 'RFC 1123 label' },
  },
  aws: {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
    'load-balancer': {
      max: 32,
      pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
      doc: 'ELBv2 load balancer: 32, alphanumerics and hyphens, no hyphen at either end',
    },
    'target-group': { max: 32, pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, doc: 'ELBv2 target group: 32, alphanumerics and hyphens' },
    'security-group': { max: 255, pattern: /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, doc: 'EC2 security group name: 255' },
    default: { max: 255, pattern: /^[\p{L}\p{N}\s_.:/=+\-@]+$/u, doc: 'Name tag value: 256' },
  },
  azure: {
    // https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
    'virtual-machine': { max: 64, pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, doc: 'Linux VM: 1-64, no period at the end' },
    'load-balancer': {
      max: 80,
      pattern: /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/,
      doc: 'load balancer: 1-80, alphanumerics, _ . -; ends alphanumeric or _',
    },
    'network-security-group': { max: 80, pattern: /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/, doc: 'NSG: 1-80' },
    'storage-account': { max: 24, pattern: /^[a-z0-9]{3,24}$/, doc: 'storage account: 3-24 lowercase letters and digits' },
    default: { max: 80, pattern: /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/, doc: 'network resources: 1-80' },
  },
  openstack: {
    // Nova server names become hostnames through the metadata service.
    server: { max: 63, pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, doc: 'hostname label' },
    default: { max: 255, pattern: /^[^\0]{1,255}$/, doc: 'Neutron/Octavia names: 255' },
  },
};

export function nameRule(platform: Platform, kind: string): NameRule {
  const rules = NAME_RULES[platform];
  const rule = rules[kind] ?? rules['default'];
  if (!rule) throw new RangeError(`no name rule for ${platform} ${kind}`);
  return rule;
}

/** {@link resourceName} within the platform's rule for `kind`; storage accounts lose their hyphens. */
export function platformName(platform: Platform, kind: string, cluster: string, clusterId: string, suffix: string): string {
  const rule = nameRule(platform, kind);
  if (platform === 'azure' && kind === 'storage-account') {
    // No hyphens allowed: a short readable head plus a hash of the whole name.
    const full = resourceName(cluster, clusterId, suffix, 255);
    return `${full.replace(/-/g, '').slice(0, 10)}${sha(full).slice(0, 14)}`;
  }
  return resourceName(cluster, clusterId, suffix, rule.max);
}
