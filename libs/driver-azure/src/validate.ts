import type { ResourceSku } from '@azure/arm-compute';
import { azureSubnetPlan, cloudPlacement, instanceTypeOf, machinesOf, type Cluster, type MachineType } from '@strata/cluster-config';
import { credentialValues, withoutSecrets, type Credential, type DriverContext } from '@strata/driver-api';
import type { FieldProblem, InputError } from '@strata/errors';
import { AZURE_CREDENTIAL_KINDS, azureClients, azureConfig, resourceGroupOf } from './clients';
import { armCode, isNotFound } from './errors';
import { customDataProblem } from './handlers/machine';
import { publicZoneGroup } from './handlers/dns-record';
import { CONTROL_PLANE_ZONES } from './plan';
import { marksOf } from './tags';

const P = 'spec.platform.azure';

/** Linux VM and computer names: 1-64 characters. https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcompute */
export const VM_NAME_MAX = 64;

/** One VM size the cluster uses, with the document path that chose it and the machines of that size. */
interface SizeUse {
  size: string;
  path: string;
  machines: number;
  controlPlane: boolean;
}

function sizesOf(cluster: Cluster): SizeUse[] {
  const uses = new Map<string, SizeUse>();
  const add = (machineType: MachineType, path: string, machines: number, controlPlane: boolean) => {
    const size = instanceTypeOf(cluster, machineType);
    const use = uses.get(size) ?? { size, path, machines: 0, controlPlane: false };
    use.machines += machines;
    use.controlPlane ||= controlPlane;
    uses.set(size, use);
  };
  add(cluster.spec.controlPlane.machineType, 'spec.controlPlane.machineType', cluster.spec.controlPlane.replicas, true);
  cluster.spec.workers.forEach((w, i) => add(w.machineType, `spec.workers.${i}.machineType`, w.replicas, false));
  return [...uses.values()];
}

/** Names within Azure's and DNS's limits; every machine's VM name fits. */
function nameProblems(cluster: Cluster): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!cluster.spec.baseDomain) {
    problems.push({ path: 'spec.baseDomain', message: 'is required on azure: the API is published as api.<name>.<baseDomain> in its public DNS zone' });
    return problems;
  }
  const fqdn = `api-int.${cluster.metadata.name}.${cluster.spec.baseDomain}`;
  if (fqdn.length > 253) {
    problems.push({ path: 'metadata.name', message: `${fqdn} is ${fqdn.length} characters; DNS allows 253, use a shorter name or baseDomain` });
  }
  const longest = machinesOf(cluster).reduce((a, m) => (m.name.length > a.length ? m.name : a), '');
  if (longest.length > VM_NAME_MAX) {
    problems.push({
      path: 'metadata.name',
      message: `the VM name ${longest} is ${longest.length} characters; Azure allows ${VM_NAME_MAX} for Linux VMs, use a shorter cluster or pool name`,
    });
  }
  return problems;
}

/** A SKU's zones in the location, less those restricted for this subscription. */
function zonesOf(sku: ResourceSku, location: string): string[] {
  const info = sku.locationInfo?.find((l) => l.location?.toLowerCase() === location);
  const restricted = new Set((sku.restrictions ?? []).filter((r) => r.type === 'Zone').flatMap((r) => r.restrictionInfo?.zones ?? []));
  return (info?.zones ?? []).filter((z) => !restricted.has(z)).sort();
}

const capability = (sku: ResourceSku, name: string) => Number(sku.capabilities?.find((c) => c.name === name)?.value ?? 'NaN');

/** VM sizes offered in the location, zones for the control plane, and the regional and family vCPU quotas. */
async function computeProblems(cluster: Cluster, stored: Credential | undefined): Promise<FieldProblem[]> {
  const { compute, location } = azureClients(cluster, stored);
  const problems: FieldProblem[] = [];
  const skus = new Map<string, ResourceSku>();
  try {
    for await (const sku of compute.resourceSkus.list({ filter: `location eq '${location}'` })) {
      const here = (sku.locations ?? []).some((l) => l.toLowerCase() === location);
      if (sku.resourceType === 'virtualMachines' && sku.name && here) skus.set(sku.name, sku);
    }
  } catch (error) {
    return [
      { path: `${P}.subscriptionId`, message: `could not list the VM sizes of the subscription (${armCode(error) ?? 'error'}: ${(error as Error).message})` },
    ];
  }
  if (skus.size === 0) {
    return [{ path: `${P}.location`, message: `location ${location} offers no VM sizes to this subscription; check the name (az account list-locations)` }];
  }
  const uses = sizesOf(cluster);
  const offered: SizeUse[] = [];
  for (const use of uses) {
    const sku = skus.get(use.size);
    const blocked = (sku?.restrictions ?? []).find((r) => r.type === 'Location');
    if (!sku || blocked) {
      problems.push({
        path: use.path,
        message: `VM size ${use.size} is not offered in ${location} to this subscription${blocked?.reasonCode ? ` (${blocked.reasonCode})` : ''}; pick another machine type or set ${P}.vmSizes`,
      });
      continue;
    }
    offered.push(use);
    if (use.controlPlane) {
      const needed = CONTROL_PLANE_ZONES.slice(0, Math.min(cluster.spec.controlPlane.replicas, CONTROL_PLANE_ZONES.length));
      const have = zonesOf(sku, location);
      const missing = needed.filter((z) => !have.includes(z));
      if (missing.length > 0) {
        problems.push({
          path: have.length === 0 ? `${P}.location` : use.path,
          message:
            have.length === 0
              ? `location ${location} has no availability zones for ${use.size}; the control plane spreads over zones ${needed.join(', ')}, pick a location with zones`
              : `VM size ${use.size} is offered in zones ${have.join(', ')} of ${location}, the control plane needs zones ${needed.join(', ')}`,
        });
      }
    }
  }
  // vCPUs against the regional quota and each family's.
  const usages = new Map<string, { current: number; limit: number; label: string }>();
  try {
    for await (const u of compute.usage.list(location))
      usages.set(u.name.value ?? '', { current: u.currentValue, limit: u.limit, label: u.name.localizedValue ?? u.name.value ?? '' });
  } catch (error) {
    problems.push({
      path: `${P}.location`,
      message: `could not read the compute quotas of ${location} (${armCode(error) ?? 'error'}: ${(error as Error).message})`,
    });
    return problems;
  }
  const need = new Map<string, number>();
  let total = 0;
  for (const use of offered) {
    const sku = skus.get(use.size);
    const vcpus = sku ? capability(sku, 'vCPUs') : NaN;
    if (!sku || !Number.isFinite(vcpus)) continue;
    total += vcpus * use.machines;
    if (sku.family) need.set(sku.family, (need.get(sku.family) ?? 0) + vcpus * use.machines);
  }
  const over = (key: string, wanted: number) => {
    const u = usages.get(key);
    if (!u || u.current + wanted <= u.limit) return;
    problems.push({
      path: 'spec.workers',
      message: `the machines need ${wanted} vCPUs of "${u.label}" (${key}) and ${u.current} of the subscription's ${u.limit} are in use in ${location}; lower the replicas or machine types, or request more quota (Azure portal › Quotas › Compute)`,
    });
  };
  over('cores', total);
  for (const [family, wanted] of need) over(family, wanted);
  return problems;
}

/** The resource group and the public `api` record: free, or this cluster's already. */
async function uniquenessProblems(cluster: Cluster, clusterId: string | undefined, stored: Credential | undefined): Promise<FieldProblem[]> {
  const { resources, dns } = azureClients(cluster, stored);
  const config = azureConfig(cluster);
  const problems: FieldProblem[] = [];
  const rg = resourceGroupOf(cluster);
  try {
    const group = await resources.resourceGroups.get(rg);
    const marks = marksOf(group.tags);
    if (marks && marks.clusterId !== clusterId) {
      problems.push({
        path: config.resourceGroup ? `${P}.resourceGroup` : 'metadata.name',
        message: `resource group ${rg} belongs to cluster ${marks.cluster} (id ${marks.clusterId}); resource group names are unique in a subscription, ${config.resourceGroup ? 'name another group' : `set ${P}.resourceGroup`}`,
      });
    } else if (!marks && !config.resourceGroup) {
      problems.push({
        path: 'metadata.name',
        message: `resource group ${rg} exists and is no cluster's; resource group names are unique in a subscription: set ${P}.resourceGroup to use it or another one`,
      });
    }
  } catch (error) {
    if (!isNotFound(error))
      problems.push({ path: `${P}.resourceGroup`, message: `could not read resource group ${rg} (${armCode(error) ?? 'error'}: ${(error as Error).message})` });
  }
  const baseDomain = cluster.spec.baseDomain;
  if (baseDomain) {
    const zoneGroup = await publicZoneGroup(
      { cluster, clusterId: clusterId ?? '', ...(stored ? { credential: stored } : {}) } as DriverContext,
      baseDomain,
    ).catch(() => undefined);
    if (!zoneGroup) {
      problems.push({
        path: 'spec.baseDomain',
        message: `the subscription has no public DNS zone ${baseDomain}; create it (az network dns zone create) or name one that exists`,
      });
    } else {
      const relative = `api.${cluster.metadata.name}`;
      try {
        const record = await dns.recordSets.get(zoneGroup, baseDomain, relative, 'A');
        const marks = marksOf(record.metadata);
        if (!marks || marks.clusterId !== clusterId) {
          problems.push({
            path: 'metadata.name',
            message: `the record ${relative}.${baseDomain} exists already${marks ? ` and belongs to cluster ${marks.cluster}` : ''}; record names are unique in their zone, use another cluster name`,
          });
        }
      } catch (error) {
        if (!isNotFound(error))
          problems.push({
            path: 'spec.baseDomain',
            message: `could not read ${relative}.${baseDomain} (${armCode(error) ?? 'error'}: ${(error as Error).message})`,
          });
      }
    }
  }
  return problems;
}

/**
 * A stored credential that cannot serve the document: incomplete, or for another
 * subscription or tenant than the document names (a service principal acts in the
 * subscription it was stored with).
 */
function storedCredentialProblem(cluster: Cluster, stored: Credential): FieldProblem | undefined {
  let values: Readonly<Record<string, string>>;
  try {
    values = credentialValues(AZURE_CREDENTIAL_KINDS, stored);
  } catch (error) {
    const first = (error as InputError).problems[0];
    return { path: P, message: `the stored credential is incomplete (${first?.path ?? 'kind'} ${first?.message ?? (error as Error).message})` };
  }
  const config = azureConfig(cluster);
  if (values['subscriptionId']?.trim().toLowerCase() !== config.subscriptionId.toLowerCase())
    return {
      path: `${P}.subscriptionId`,
      message: `is ${config.subscriptionId} but the credential is for subscription ${values['subscriptionId']}; set the credential's subscription or choose a credential of this one`,
    };
  if (config.tenantId && values['tenantId']?.trim().toLowerCase() !== config.tenantId.toLowerCase())
    return {
      path: `${P}.tenantId`,
      message: `is ${config.tenantId} but the credential is of tenant ${values['tenantId']}; remove tenantId or choose a credential of this tenant`,
    };
  return undefined;
}

/**
 * What Azure must allow before anything is created: names within their limits, the
 * subnets of machineCIDR, the credential, the location, the VM sizes offered there (with
 * zones for the control plane), the regional and family vCPU quotas, a resource group
 * name that is free or this cluster's, and the public DNS zone of baseDomain. Every problem
 * at once.
 */
export async function azurePreflight(cluster: Cluster, clusterId?: string, stored?: Credential): Promise<FieldProblem[]> {
  if (!cluster.spec.platform.azure) return [{ path: 'spec.platform', message: 'the Azure driver needs spec.platform.azure' }];
  const problems = nameProblems(cluster);
  try {
    azureSubnetPlan(cluster);
    cloudPlacement(cluster);
  } catch (error) {
    problems.push({ path: 'spec.networking.machineCIDR', message: (error as Error).message });
  }
  if (stored) {
    const problem = storedCredentialProblem(cluster, stored);
    if (problem) return [...problems, problem];
  }
  const { credential, credentialKind, scope } = azureClients(cluster, stored);
  try {
    await credential.getToken(scope);
  } catch (error) {
    const why = withoutSecrets((error as Error).message, stored, AZURE_CREDENTIAL_KINDS);
    problems.push({
      path: P,
      message: stored
        ? `could not get a token with the ${credentialKind} (${why}); check its tenant ID, client ID and client secret, or store another credential`
        : `could not get a token with the ${credentialKind} (${why}); set AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, run on a managed identity, or az login`,
    });
    return problems;
  }
  const [compute, unique] = await Promise.all([computeProblems(cluster, stored), uniquenessProblems(cluster, clusterId, stored)]);
  return [...problems, ...compute, ...unique];
}

/** {@link azurePreflight} plus what needs the rendered assets: every machine's Ignition config within customData's limit. */
export async function validateAzure(ctx: DriverContext): Promise<FieldProblem[]> {
  const problems = await azurePreflight(ctx.cluster, ctx.clusterId, ctx.credential);
  for (const m of machinesOf(ctx.cluster)) {
    const config = await ctx.ignitionFor(m.name).catch(() => undefined);
    const problem = config === undefined ? undefined : customDataProblem(m.name, config);
    if (problem)
      problems.push({
        path: m.role === 'control-plane' ? 'spec.controlPlane' : `spec.workers.${ctx.cluster.spec.workers.findIndex((w) => w.name === m.pool)}`,
        message: problem,
      });
  }
  return problems;
}
