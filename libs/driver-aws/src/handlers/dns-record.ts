import { createHash } from 'node:crypto';
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourceCommand,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { z } from 'zod';
import { CLUSTER_ID_TAG, defineHandler, type DriverContext, type PlanStep } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { awsClients } from '../clients';
import { call, callOrGone } from '../errors';
import { awsTags } from '../tags';

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);
const zoneId = (id: string) => id.replace(/^\/hostedzone\//, '');

/** The TXT value that marks a record as this cluster's (Route 53 records carry no tags). */
const ownerValue = (clusterId: string) => `"${CLUSTER_ID_TAG}=${clusterId}"`;

async function zonesNamed(r53: Route53Client, name: string) {
  const res = await call(`listing hosted zones named ${name}`, () => r53.send(new ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 100 })));
  return (res.HostedZones ?? []).filter((z) => z.Name === fqdn(name));
}

async function ownedZone(r53: Route53Client, id: string, clusterId: string): Promise<boolean> {
  const tags = await callOrGone('reading hosted zone tags', () =>
    r53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId(id) })),
  );
  return (tags?.ResourceTagSet?.Tags ?? []).some((t) => t.Key === CLUSTER_ID_TAG && t.Value === clusterId);
}

/** The CallerReference of the cluster's private zone: one per cluster and step. */
const callerReference = (ctx: DriverContext, step: PlanStep) => createHash('sha256').update(`${ctx.clusterId}/${step.id}`).digest('hex').slice(0, 32);

/**
 * The zone the record goes in: the public zone of baseDomain, or the private zone of the
 * cluster made for its VPC, known by its tag or, before it is tagged, by its CallerReference.
 */
async function zoneOf(ctx: DriverContext, step: PlanStep, spec: { zone: string; private: boolean }): Promise<string | undefined> {
  const { route53 } = awsClients(ctx.cluster, ctx.credential);
  for (const z of await zonesNamed(route53, spec.zone)) {
    if (!z.Id || (z.Config?.PrivateZone ?? false) !== spec.private) continue;
    if (!spec.private || z.CallerReference === callerReference(ctx, step) || (await ownedZone(route53, z.Id, ctx.clusterId))) return zoneId(z.Id);
  }
  return undefined;
}

async function recordsAt(r53: Route53Client, zone: string, name: string): Promise<ResourceRecordSet[]> {
  const res = await call(`listing records ${name}`, () =>
    r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: fqdn(name), MaxItems: 10 })),
  );
  return (res.ResourceRecordSets ?? []).filter((r) => r.Name === fqdn(name));
}

/**
 * `api.<name>.<baseDomain>` in the public zone of baseDomain, or `api-int` in a private
 * zone of the cluster associated with its VPC: an alias A record to the load balancer and
 * a TXT record at the same name carrying the cluster id.
 */
export const dnsRecordHandler = defineHandler({
  spec: z.object({ zone: z.string(), private: z.boolean() }),
  outputs: z.strictObject({ hostedZoneId: z.string(), fqdn: z.string() }),
  async find(ctx, step, spec) {
    const { route53 } = awsClients(ctx.cluster, ctx.credential);
    const zone = await zoneOf(ctx, step, spec);
    if (!zone) return undefined;
    const records = await recordsAt(route53, zone, step.name);
    const owner = records.some((r) => r.Type === 'TXT' && (r.ResourceRecords ?? []).some((v) => v.Value === ownerValue(ctx.clusterId)));
    return owner && records.some((r) => r.Type === 'A') ? { hostedZoneId: zone, fqdn: fqdn(step.name) } : undefined;
  },
  async create(ctx, step, spec, inputs) {
    const { route53, region } = awsClients(ctx.cluster, ctx.credential);
    let zone = await zoneOf(ctx, step, spec);
    if (!zone && spec.private) {
      const res = await call(`creating private hosted zone ${spec.zone}`, () =>
        route53.send(
          new CreateHostedZoneCommand({
            Name: spec.zone,
            // zoneOf finds the zone by this reference when a create was cut short before tagging it.
            CallerReference: callerReference(ctx, step),
            VPC: { VPCId: inputs['network/vpc']?.['vpcId'], VPCRegion: region as never },
            HostedZoneConfig: { PrivateZone: true, Comment: `private zone of cluster ${ctx.cluster.metadata.name}` },
          }),
        ),
      );
      zone = zoneId(res.HostedZone?.Id ?? '');
    }
    if (zone && spec.private) {
      // Tagged also when found untagged (a create cut short between the zone and its tags).
      const AddTags = Object.entries(awsTags(ctx, step)).map(([Key, Value]) => ({ Key, Value }));
      const tagged = zone;
      await call(`tagging private hosted zone ${spec.zone}`, () =>
        route53.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: tagged, AddTags })),
      );
    }
    if (!zone) throw new ProviderError(`creating DNS record ${step.name}: there is no public Route 53 zone ${spec.zone}; create it or fix spec.baseDomain`);
    const lb = inputs['load-balancer/api'];
    const hostedZone = zone;
    await call(`creating DNS record ${step.name}`, () =>
      route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: hostedZone,
          ChangeBatch: {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: fqdn(step.name),
                  Type: 'A',
                  AliasTarget: { DNSName: lb?.['dnsName'], HostedZoneId: lb?.['hostedZoneId'], EvaluateTargetHealth: false },
                },
              },
              {
                Action: 'UPSERT',
                ResourceRecordSet: { Name: fqdn(step.name), Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: ownerValue(ctx.clusterId) }] },
              },
            ],
          },
        }),
      ),
    );
    return { hostedZoneId: hostedZone, fqdn: fqdn(step.name) };
  },
  async delete(ctx, step) {
    const { route53 } = awsClients(ctx.cluster, ctx.credential);
    const spec = step.spec as { zone: string; private: boolean };
    const zone = await zoneOf(ctx, step, spec);
    if (!zone) return;
    const records = await recordsAt(route53, zone, step.name);
    const owner = records.some((r) => r.Type === 'TXT' && (r.ResourceRecords ?? []).some((v) => v.Value === ownerValue(ctx.clusterId)));
    const mine = owner ? records.filter((r) => r.Type === 'A' || r.Type === 'TXT') : [];
    if (mine.length > 0) {
      await callOrGone(`deleting DNS record ${step.name}`, () =>
        route53.send(
          new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: mine.map((r) => ({ Action: 'DELETE', ResourceRecordSet: r })) } }),
        ),
      );
    }
    if (spec.private) await callOrGone(`deleting private hosted zone ${spec.zone}`, () => route53.send(new DeleteHostedZoneCommand({ Id: zone })));
  },
});
