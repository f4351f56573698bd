import { createHash } from 'node:crypto';

/**
 * What marks a resource as part of a cluster, said once as data. Each platform carries it
 * in its own way (tags, labels, metadata) through an {@link OwnershipEncoder}; ownership is
 * decided by `clusterId`, never by a name.
 */
export interface OwnershipMarks {
  cluster: string;
  clusterId: string;
  /** The plan step that created the resource; absent on marks of the whole cluster. */
  step?: string;
}

/**
 * Ownership as a platform stores it: key/value pairs (local `owner.json`, AWS tags, Azure
 * tags, OpenStack metadata) and plain string tags (OpenStack server tags).
 */
export interface EncodedOwnership {
  labels: Record<string, string>;
  tags: string[];
}

/** The documented limits of a platform's ownership carrier. */
export interface OwnershipLimits {
  /** Most key/value pairs a resource may carry (all of them, ours and the user's). */
  maxLabels: number;
  maxLabelKey: number;
  maxLabelValue: number;
  /** Characters a label key may not contain. */
  forbiddenKeyChars: RegExp;
  /** Key prefixes the platform reserves. */
  reservedKeyPrefixes: string[];
  /** Plain string tags, where the platform has them. */
  maxTags: number;
  maxTag: number;
  forbiddenTagChars: RegExp;
}

export type Platform = 'local' | 'aws' | 'azure' | 'openstack';

/** Encodes the marks within a platform's limits and reads them back. */
export interface OwnershipEncoder {
  readonly platform: Platform;
  readonly limits: OwnershipLimits;
  encode(marks: OwnershipMarks): EncodedOwnership;
  /** The marks of a resource, or undefined when it carries none (or only part of them). */
  decode(found: Partial<EncodedOwnership>): OwnershipMarks | undefined;
}

/**
 * Cuts `value` to `max` characters keeping a hash of the whole value, so two long values
 * never encode alike. Values within the limit are kept as they are.
 */
export function fitWithHash(value: string, max: number, hashLength = 10): string {
  if (value.length <= max) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, hashLength);
  return `${value.slice(0, Math.max(0, max - hashLength - 1))}~${hash}`;
}

interface KeyNames {
  cluster: string;
  clusterId: string;
  step: string;
}

function labelEncoder(platform: Platform, keys: KeyNames, limits: OwnershipLimits, stepValue: (step: string) => string = (s) => s): OwnershipEncoder {
  const fit = (v: string) => fitWithHash(v, limits.maxLabelValue);
  return {
    platform,
    limits,
    encode(marks) {
      const labels: Record<string, string> = { [keys.cluster]: fit(marks.cluster), [keys.clusterId]: fit(marks.clusterId) };
      if (marks.step !== undefined) labels[keys.step] = fit(stepValue(marks.step));
      return { labels, tags: [] };
    },
    decode(found) {
      const labels = found.labels ?? {};
      const cluster = labels[keys.cluster];
      const clusterId = labels[keys.clusterId];
      if (cluster === undefined || clusterId === undefined) return undefined;
      const step = labels[keys.step];
      return { cluster, clusterId, ...(step === undefined ? {} : { step }) };
    },
  };
}

const NONE = /(?!)/;

/** Local resources are directories with an `owner.json`; no platform limit but sanity. */
export const localOwnership = labelEncoder(
  'local',
  { cluster: 'strata.dev/cluster', clusterId: 'strata.dev/cluster-id', step: 'strata.dev/step' },
  { maxLabels: 50, maxLabelKey: 253, maxLabelValue: 1024, forbiddenKeyChars: NONE, reservedKeyPrefixes: [], maxTags: 0, maxTag: 0, forbiddenTagChars: NONE },
);

/**
 * AWS resource tags: at most 50 per resource, key ≤ 128 and value ≤ 256 characters,
 * letters, digits, spaces and `_ . : / = + - @`, the `aws:` prefix reserved.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export const awsOwnership = labelEncoder(
  'aws',
  { cluster: 'strata.dev/cluster', clusterId: 'strata.dev/cluster-id', step: 'strata.dev/step' },
  {
    maxLabels: 50,
    maxLabelKey: 128,
    maxLabelValue: 256,
    forbiddenKeyChars: /[^\p{L}\p{N}\s_.:/=+\-@]/u,
    reservedKeyPrefixes: ['aws:'],
    maxTags: 0,
    maxTag: 0,
    forbiddenTagChars: NONE,
  },
);

/**
 * Azure tags: at most 50 per resource, name ≤ 512 and value ≤ 256 characters, and a tag
 * name may not contain `< > % & \ ? /` — so the keys use `_` where the others use `/`.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
 */
export const azureOwnership = labelEncoder(
  'azure',
  { cluster: 'strata.dev_cluster', clusterId: 'strata.dev_cluster-id', step: 'strata.dev_step' },
  {
    maxLabels: 50,
    maxLabelKey: 512,
    maxLabelValue: 256,
    forbiddenKeyChars: /[<>%&\\?/]/,
    reservedKeyPrefixes: ['microsoft', 'azure', 'windows'],
    maxTags: 0,
    maxTag: 0,
    forbiddenTagChars: NONE,
  },
);

const OPENSTACK_TAG_PREFIX = 'strata-cluster-id=';

/**
 * OpenStack: key/value pairs go in Nova server metadata (key and value ≤ 255 characters);
 * server tags are plain strings (at most 50, each ≤ 60 characters, no `/` or `,`), so the
 * cluster id is also carried as the tag `strata-cluster-id=<id>` that `GET /servers?tags=`
 * filters on. https://docs.openstack.org/api-ref/compute/#server-tags-servers-tags
 */
const openstackLabels = labelEncoder(
  'openstack',
  { cluster: 'strata_cluster', clusterId: 'strata_cluster_id', step: 'strata_step' },
  {
    maxLabels: 128,
    maxLabelKey: 255,
    maxLabelValue: 255,
    forbiddenKeyChars: /[^A-Za-z0-9_.:-]/,
    reservedKeyPrefixes: [],
    maxTags: 50,
    maxTag: 60,
    forbiddenTagChars: /[/,]/,
  },
);
export const openstackOwnership: OwnershipEncoder = {
  platform: 'openstack',
  limits: openstackLabels.limits,
  encode(marks) {
    const { labels } = openstackLabels.encode(marks);
    const tag = fitWithHash(`${OPENSTACK_TAG_PREFIX}${marks.clusterId}`.replace(/[/,]/g, '_'), 60);
    return { labels, tags: [tag] };
  },
  decode(found) {
    const fromLabels = openstackLabels.decode(found);
    if (fromLabels) return fromLabels;
    return undefined;
  },
};

export const OWNERSHIP_ENCODERS: Record<Platform, OwnershipEncoder> = {
  local: localOwnership,
  aws: awsOwnership,
  azure: azureOwnership,
  openstack: openstackOwnership,
};

/** Problems of an encoded mark set against the platform's limits; empty when it fits. */
export function ownershipProblems(encoder: OwnershipEncoder, encoded: EncodedOwnership): string[] {
  const l = encoder.limits;
  const problems: string[] = [];
  const entries = Object.entries(encoded.labels);
  if (entries.length > l.maxLabels) problems.push(`${entries.length} labels, the limit is ${l.maxLabels}`);
  for (const [k, v] of entries) {
    if (k.length > l.maxLabelKey) problems.push(`key ${k} is longer than ${l.maxLabelKey}`);
    if (v.length > l.maxLabelValue) problems.push(`value of ${k} is longer than ${l.maxLabelValue}`);
    if (l.forbiddenKeyChars.test(k)) problems.push(`key ${k} has a character the platform forbids`);
    if (l.reservedKeyPrefixes.some((p) => k.toLowerCase().startsWith(p))) problems.push(`key ${k} uses a reserved prefix`);
  }
  if (encoded.tags.length > l.maxTags) problems.push(`${encoded.tags.length} tags, the limit is ${l.maxTags}`);
  for (const t of encoded.tags) {
    if (t.length > l.maxTag) problems.push(`tag ${t} is longer than ${l.maxTag}`);
    if (l.forbiddenTagChars.test(t)) problems.push(`tag ${t} has a character the platform forbids`);
  }
  return problems;
}
