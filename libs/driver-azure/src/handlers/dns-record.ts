import { z } from 'zod';
import { defineHandler, type DriverContext } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { azureClients } from '../clients';
import { call, callOrGone } from '../errors';
import { parseId } from '../arm';
import { azureTags, marksOf, ownedByStep } from '../tags';

const Spec = z.object({ zone: z.string(), relativeName: z.string(), private: z.boolean(), target: z.string() });
type Spec = z.infer<typeof Spec>;

/** Public DNS zones by name, looked up once per cluster and zone by this process. */
const publicZones = new Map<string, Promise<string | undefined>>();

/** The resource group of the subscription's public DNS zone `name`, or undefined when the subscription has none. */
export function publicZoneGroup(ctx: DriverContext, name: string): Promise<string | undefined> {
  const key = `${ctx.clusterId}/${name}`;
  let found = publicZones.get(key);
  if (!found) {
    const { dns } = azureClients(ctx.cluster, ctx.credential);
    found = call(`looking up the public DNS zone ${name}`, async () => {
      for await (const zone of dns.zones.list()) {
        if (zone.name === name && (zone.zoneType ?? 'Public') === 'Public' && zone.id) return parseId(zone.id).resourceGroup;
      }
      return undefined;
    });
    publicZones.set(key, found);
    found.then(
      (group) => group === undefined && publicZones.delete(key),
      () => publicZones.delete(key),
    );
  }
  return found;
}

interface RecordSet {
  id?: string;
  fqdn?: string;
  metadata?: Record<string, string>;
}

/** The record set of the step, if it exists; `zoneGroup` undefined means the zone is missing. */
async function current(ctx: DriverContext, spec: Spec): Promise<{ record?: RecordSet; zoneGroup?: string }> {
  const { dns, privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
  const what = `finding DNS record ${spec.relativeName}.${spec.zone}`;
  if (spec.private) {
    const record = await callOrGone(what, () => privateDns.recordSets.get(resourceGroup, spec.zone, 'A', spec.relativeName));
    return { record, zoneGroup: resourceGroup };
  }
  const zoneGroup = await publicZoneGroup(ctx, spec.zone);
  if (!zoneGroup) return {};
  const record = await callOrGone(what, () => dns.recordSets.get(zoneGroup, spec.zone, spec.relativeName, 'A'));
  return { record, zoneGroup };
}

/**
 * `api.<name>` in the subscription's public zone of baseDomain (to the public IP) or
 * `api-int` in the cluster's private zone (to the internal load balancer): an A record set
 * whose metadata carries the ownership marks (record sets have no tags).
 */
export const dnsRecordHandler = defineHandler({
  spec: Spec,
  outputs: z.strictObject({ recordSetId: z.string().startsWith('/subscriptions/'), fqdn: z.string() }),
  async find(ctx, step, spec) {
    const { record } = await current(ctx, spec);
    if (!record?.id || !ownedByStep(record.metadata, ctx.clusterId, step.id)) return undefined;
    return { recordSetId: record.id, fqdn: `${step.name}.` };
  },
  async create(ctx, step, spec, inputs) {
    const { dns, privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const target = inputs[spec.target];
    const address = spec.private ? target?.['frontendAddress'] : target?.['ipAddress'];
    const what = `creating DNS record ${step.name}`;
    if (!address) throw new ProviderError(`${what}: step ${spec.target} has no address to point at`);
    const record = { ttl: 60, aRecords: [{ ipv4Address: address }], metadata: azureTags(step) };
    if (spec.private) {
      const made = await call(what, () => privateDns.recordSets.createOrUpdate(resourceGroup, spec.zone, 'A', spec.relativeName, record));
      return { recordSetId: made.id ?? '', fqdn: `${step.name}.` };
    }
    const { record: existing, zoneGroup } = await current(ctx, spec);
    if (!zoneGroup) throw new ProviderError(`${what}: the subscription has no public DNS zone ${spec.zone}; create it or fix spec.baseDomain`);
    // The public zone is shared: a record of the same name that is not this cluster's is left alone.
    const owner = marksOf(existing?.metadata);
    if (existing && owner?.clusterId !== ctx.clusterId) {
      throw new ProviderError(`${what}: the record exists already${owner ? ` and belongs to cluster ${owner.cluster}` : ''}; use another cluster name`);
    }
    const made = await call(what, () => dns.recordSets.createOrUpdate(zoneGroup, spec.zone, spec.relativeName, 'A', record));
    return { recordSetId: made.id ?? '', fqdn: `${step.name}.` };
  },
  async delete(ctx, step) {
    const { dns, privateDns } = azureClients(ctx.cluster, ctx.credential);
    const spec = step.spec as Spec;
    const { record, zoneGroup } = await current(ctx, spec);
    // Only a record carrying this cluster's marks goes: the public zone is the user's.
    if (!record || !zoneGroup || !ownedByStep(record.metadata, ctx.clusterId, step.id)) return;
    const what = `deleting DNS record ${step.name}`;
    if (spec.private) await callOrGone(what, () => privateDns.recordSets.delete(zoneGroup, spec.zone, 'A', spec.relativeName));
    else await callOrGone(what, () => dns.recordSets.delete(zoneGroup, spec.zone, spec.relativeName, 'A'));
  },
});
