/** The Cluster document (`apiVersion: strata.dev/v1alpha1`, `kind: Cluster`). */
import { z } from 'zod';
import { DNS_LABEL, dnsLabelProblem, dnsSubdomainProblem } from '../formats/dns-names';
import { show } from '../formats/show';
import { sshKeyProblem } from '../formats/ssh-keys';
import { PINNED_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from '../kubernetes-versions';
import { checkClusterDocument } from './cluster-checks';
import { checkedString, endpointUrl, nonEmptyString, withCheck } from './fields';
import { NetworkingSchema } from './networking';
import { ControlPlaneSchema, NodePoolSchema } from './node-pool';
import { PlatformSchema } from './platform';

/** The API version of the document format. */
export const CLUSTER_API_VERSION = 'strata.dev/v1alpha1';

/** Longest cluster name: it prefixes machine and cloud resource names, which have their own limits. */
export const MAX_CLUSTER_NAME_LENGTH = 32;

/** Operating system update channels. */
export const OS_CHANNELS = ['stable', 'beta', 'alpha'] as const;

function kubernetesVersionProblem(version: string): string | undefined {
  if (SUPPORTED_KUBERNETES_VERSIONS.includes(version)) return undefined;
  const supported = SUPPORTED_KUBERNETES_VERSIONS.join(', ');
  if (SUPPORTED_KUBERNETES_VERSIONS.includes(`v${version}`)) return `write the version with a leading v: v${version}`;
  return `${show(version)} is not a supported Kubernetes version; use one of ${supported} (or omit the field for ${PINNED_KUBERNETES_VERSION})`;
}

/** Base64 of the DER prefix every Ed25519 SubjectPublicKeyInfo starts with (RFC 8410). */
const ED25519_SPKI_PREFIX = 'MCowBQYDK2VwAyEA';

function ed25519PublicKeyProblem(pem: string): string | undefined {
  const match = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----$/.exec(pem.trim());
  if (!match) return 'must be a PEM public key (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----), such as the ed25519.pub strata os build-image writes';
  const body = (match[1] ?? '').replace(/\s+/g, '');
  if (body.length !== 60 || !body.startsWith(ED25519_SPKI_PREFIX)) return 'must be an Ed25519 public key; this PEM holds another kind of key';
  return undefined;
}

/** Schema of `metadata`. */
export const MetadataSchema = z
  .strictObject({
    name: checkedString((name) => dnsLabelProblem(name, MAX_CLUSTER_NAME_LENGTH, 'it prefixes machine and cloud resource names'), {
      description: 'Cluster name: a DNS-1123 label of at most 32 characters.',
      pattern: DNS_LABEL.source,
      maxLength: MAX_CLUSTER_NAME_LENGTH,
    }),
  })
  .meta({ description: 'Identity of the cluster.' });

/** Default worker pools: one pool `default` of two small machines. */
const DEFAULT_WORKERS = [{ name: 'default', replicas: 2 }];

/** Schema of `spec`. */
export const ClusterSpecSchema = z
  .strictObject({
    kubernetesVersion: checkedString(kubernetesVersionProblem, {
      description: 'Kubernetes version to install.',
      enum: [...SUPPORTED_KUBERNETES_VERSIONS],
    }).default(PINNED_KUBERNETES_VERSION),
    baseDomain: checkedString((domain) => dnsSubdomainProblem(domain, 'example.com'), {
      description: 'DNS domain the cluster publishes its API under (api.<name>.<baseDomain>); required on aws, azure and openstack.',
    }).optional(),
    platform: PlatformSchema,
    controlPlane: ControlPlaneSchema.prefault({}),
    workers: z.array(NodePoolSchema).prefault(DEFAULT_WORKERS).meta({ description: 'Worker pools; names must be unique.' }),
    networking: NetworkingSchema.prefault({}),
    os: z
      .strictObject({
        channel: z.enum(OS_CHANNELS).default('stable').meta({ description: 'Update channel the machines follow.' }),
        updateServer: endpointUrl(
          'http://127.0.0.1:8600/v1/update/',
          'Omaha endpoint the machines ask for updates; default: the local update server (local) or https://updates.<name>.<baseDomain>/v1/update/.',
        ).optional(),
        updatePayloadKeys: z
          .array(checkedString(ed25519PublicKeyProblem, { description: 'An Ed25519 public key, SPKI PEM, e.g. the ed25519.pub of strata os build-image.' }))
          .default([])
          .meta({ description: 'Keys the machines accept signed /usr update images from; without any, no update is ever installed.' }),
      })
      .prefault({})
      .meta({ description: 'Operating system of the machines (a Container-Linux-style image).' }),
    sshAuthorizedKeys: z
      .array(checkedString(sshKeyProblem, { description: 'An OpenSSH public key line, e.g. the content of ~/.ssh/id_ed25519.pub.' }))
      .default([])
      .meta({ description: 'Public keys allowed to log in to every machine as the core user.' }),
    license: z
      .strictObject({ file: nonEmptyString({ description: 'Path of the license file (a signed JWT).' }) })
      .optional()
      .meta({ description: 'License for more nodes than the free tier allows.' }),
  })
  .meta({ description: 'The desired cluster.' });

/**
 * The zod schema of a Cluster document. Parsing fills every default, so the result is the
 * complete, explicit description of the cluster. Cross-field rules (one platform, CIDR
 * overlaps, unique pool names, address capacity) run even when single fields are invalid,
 * so one parse reports every problem.
 */
export const ClusterSchema = withCheck(
  z
    .strictObject({
      apiVersion: z.literal(CLUSTER_API_VERSION).meta({ description: 'Document format version.' }),
      kind: z.literal('Cluster').meta({ description: 'Document kind.' }),
      metadata: MetadataSchema,
      spec: ClusterSpecSchema,
    })
    .meta({ title: 'Strata Cluster', description: 'A Kubernetes cluster that Strata installs and manages.' }),
  checkClusterDocument,
);

/** A fully defaulted Cluster document, as parsing returns it. */
export type Cluster = z.infer<typeof ClusterSchema>;

/** A Cluster document as written by a user: fields with defaults may be left out. */
export type ClusterInput = z.input<typeof ClusterSchema>;
