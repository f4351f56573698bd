/**
 * @strata/cluster-config: the Cluster document. Schema, parsing of YAML and JSON text,
 * defaults, precise problems with paths, and the helpers other code derives from a
 * cluster (machines, service IPs, machine types). Safe to use in the browser.
 */
export { ClusterSchema, ClusterSpecSchema, MetadataSchema, CLUSTER_API_VERSION, MAX_CLUSTER_NAME_LENGTH, OS_CHANNELS } from './schema/cluster-schema';
export type { Cluster, ClusterInput } from './schema/cluster-schema';
export { PlatformSchema } from './schema/platform';
export { LocalPlatformSchema, LOOPBACK_CIDR, DEFAULT_LOCAL_ADDRESS_RANGE } from './schema/platform-local';
export { AwsPlatformSchema } from './schema/platform-aws';
export { AzurePlatformSchema, AZURE_CLOUD_NAMES } from './schema/platform-azure';
export { OpenStackPlatformSchema, OpenStackAuthSchema } from './schema/platform-openstack';
export { NetworkingSchema, NODE_POD_CIDR_PREFIX, POD_NETWORKS, POD_NETWORK_LIMITS, PROXY_MODES } from './schema/networking';
export type { PodNetwork } from './schema/networking';
export {
  ControlPlaneSchema,
  NodePoolSchema,
  TaintSchema,
  TAINT_EFFECTS,
  RESERVED_POOL_NAMES,
  MAX_POOL_NAME_LENGTH,
  MAX_POOL_REPLICAS,
} from './schema/node-pool';
export type { AwsPlatform, AzurePlatform, ControlPlane, LocalPlatform, Networking, NodePool, OpenStackPlatform, Taint } from './schema/types';

export { parseCluster, validateCluster, withDefaults, MAX_DOCUMENT_BYTES } from './parse-cluster';
export type { ClusterProblem, ClusterValidation, ParseClusterOptions } from './parse-cluster';
export type { SourceFormat } from './text/read-source';
export { clusterToYaml } from './to-yaml';
export { clusterJsonSchema, clusterJsonSchemaText, CLUSTER_JSON_SCHEMA_ID } from './json-schema';

export { PINNED_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';
export { PLATFORM_NAMES, CLOUD_PLATFORM_NAMES } from './catalog/platform-names';
export type { PlatformName, CloudPlatformName } from './catalog/platform-names';
export { MACHINE_TYPES, MACHINE_TYPE_TABLE } from './catalog/machine-types';
export type { MachineType, MachineSize } from './catalog/machine-types';
export { platformOf, instanceTypeOf } from './model/platform-of';
export type { SelectedPlatform } from './model/platform-of';
export { nodeCount, machinesOf } from './model/machines';
export type { Machine } from './model/machines';
export { firstServiceIP, clusterDnsIP } from './model/service-ips';
export { localAddressPlan, localUsableAddresses } from './model/local-addresses';
export { awsZones, awsSubnetPlan, azureSubnetPlan, cloudPlacement, CLOUD_CONTROL_PLANE_OFFSET, CLOUD_WORKER_OFFSET } from './model/cloud-placement';
export type { AzureSubnets, CloudPlacement, ZoneSubnets } from './model/cloud-placement';
export type { LocalAddressPlan } from './model/local-addresses';

export {
  parseCidr,
  tryParseCidr,
  cidrProblem,
  cidrsOverlap,
  cidrContains,
  cidrContainsAddress,
  nthAddress,
  parseIPv4,
  formatIPv4,
  formatCidr,
} from './net/cidr';
export { planSubnets } from './net/subnet-plan';
export type { PlanSubnetsOptions } from './net/subnet-plan';
export type { Cidr } from './net/cidr';
export { SSH_KEY_TYPES, parseSshPublicKey, sshKeyProblem } from './formats/ssh-keys';
export type { SshKeyType, SshPublicKey } from './formats/ssh-keys';
export { dnsLabelProblem, dnsSubdomainProblem } from './formats/dns-names';
export { labelKeyProblem, labelValueProblem } from './formats/kubernetes-labels';
export { formatFieldPath } from './problems/field-path';
