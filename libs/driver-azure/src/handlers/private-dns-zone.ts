import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients, lro } from '../clients';
import { call, callOrGone } from '../errors';
import { findOwned, input } from '../arm';
import { azureTags, ownedBy, ownedByStep } from '../tags';
import { deleteWhenFree } from '../wait';

/** The cluster's private DNS zone `<name>.<baseDomain>`, where `api-int` lives. */
export const privateDnsZoneHandler = defineHandler({
  spec: z.object({}),
  outputs: z.strictObject({ privateZoneId: z.string().startsWith('/subscriptions/') }),
  async find(ctx, step) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const zone = await findOwned(ctx, step, 'private DNS zone', () => privateDns.privateZones.get(resourceGroup, step.name));
    return zone?.id ? { privateZoneId: zone.id } : undefined;
  },
  async create(ctx, step) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const zone = await call(`creating private DNS zone ${step.name}`, () =>
      privateDns.privateZones.beginCreateOrUpdateAndWait(resourceGroup, step.name, { location: 'global', tags: azureTags(step) }, lro()),
    );
    return { privateZoneId: zone.id ?? '' };
  },
  async delete(ctx, step) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    // Refused while a link or a record besides the SOA is left; those steps go first.
    await deleteWhenFree(`deleting private DNS zone ${step.name}`, () => privateDns.privateZones.beginDeleteAndWait(resourceGroup, step.name, lro()));
  },
  deletesFromOutputs: true,
});

const LinkSpec = z.object({ zone: z.string() });

/** The link of the private zone to the cluster's virtual network, without auto-registration of the machines. */
export const privateDnsLinkHandler = defineHandler({
  spec: LinkSpec,
  outputs: z.strictObject({ linkId: z.string().startsWith('/subscriptions/') }),
  async find(ctx, step, spec) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const what = `finding virtual network link ${step.name}`;
    const link = await callOrGone(what, () => privateDns.virtualNetworkLinks.get(resourceGroup, spec.zone, step.name));
    if (!link?.id || (link.provisioningState !== undefined && link.provisioningState !== 'Succeeded')) return undefined;
    if (ownedByStep(link.tags, ctx.clusterId, step.id)) return { linkId: link.id };
    // A link lives inside its zone: one without tags (a test server that keeps none on nested
    // resources) is the cluster's when its zone is.
    if (link.tags && Object.keys(link.tags).length > 0) return undefined;
    const zone = await callOrGone(what, () => privateDns.privateZones.get(resourceGroup, spec.zone));
    return ownedBy(zone?.tags, ctx.clusterId) ? { linkId: link.id } : undefined;
  },
  async create(ctx, step, spec, inputs) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const link = await call(`linking private DNS zone ${spec.zone} to its virtual network`, () =>
      privateDns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        resourceGroup,
        spec.zone,
        step.name,
        { location: 'global', tags: azureTags(step), virtualNetwork: { id: input(inputs, 'network/vnet', 'virtualNetworkId') }, registrationEnabled: false },
        lro(),
      ),
    );
    return { linkId: link.id ?? '' };
  },
  async delete(ctx, step) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
    const spec = LinkSpec.parse(step.spec);
    await callOrGone(`deleting virtual network link ${step.name}`, () =>
      privateDns.virtualNetworkLinks.beginDeleteAndWait(resourceGroup, spec.zone, step.name, lro()),
    );
  },
  deletesFromOutputs: true,
});
