import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { azureClients } from '../clients';
import { call, callOrGone } from '../errors';
import { findOwned, input } from '../arm';
import { azureTags, ownedByStep } from '../tags';
import { deleteWhenFree } from '../wait';

/**
 * The cluster's private DNS zone `<name>.<baseDomain>` (where `api-int` lives), linked to
 * its virtual network without auto-registration. Complete once the link exists; a create
 * cut short between the zone and its link is finished by create.
 */
export const privateDnsZoneHandler = defineHandler({
  spec: z.object({ link: z.string() }),
  outputs: z.strictObject({ privateZoneId: z.string().startsWith('/subscriptions/'), linkId: z.string().startsWith('/subscriptions/') }),
  async find(ctx, step, spec) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster);
    const zone = await findOwned(ctx, step, 'private DNS zone', () => privateDns.privateZones.get(resourceGroup, step.name));
    if (!zone?.id) return undefined;
    const link = await findOwned(ctx, step, 'virtual network link', () => privateDns.virtualNetworkLinks.get(resourceGroup, step.name, spec.link));
    return link?.id ? { privateZoneId: zone.id, linkId: link.id } : undefined;
  },
  async create(ctx, step, spec, inputs) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster);
    const tags = azureTags(step);
    const existing = await callOrGone(`finding private DNS zone ${step.name}`, () => privateDns.privateZones.get(resourceGroup, step.name));
    const zone =
      existing?.provisioningState === 'Succeeded' && ownedByStep(existing.tags, ctx.clusterId, step.id)
        ? existing
        : await call(`creating private DNS zone ${step.name}`, () =>
            privateDns.privateZones.beginCreateOrUpdateAndWait(resourceGroup, step.name, { location: 'global', tags }),
          );
    const link = await call(`linking private DNS zone ${step.name} to its virtual network`, () =>
      privateDns.virtualNetworkLinks.beginCreateOrUpdateAndWait(resourceGroup, step.name, spec.link, {
        location: 'global',
        tags,
        virtualNetwork: { id: input(inputs, 'network/vnet', 'virtualNetworkId') },
        registrationEnabled: false,
      }),
    );
    return { privateZoneId: zone.id ?? '', linkId: link.id ?? '' };
  },
  async delete(ctx, step) {
    const { privateDns, resourceGroup } = azureClients(ctx.cluster);
    const spec = step.spec as { link: string };
    // A zone with links (or records besides SOA) is refused; the link goes first.
    await callOrGone(`deleting the virtual network link of private DNS zone ${step.name}`, () =>
      privateDns.virtualNetworkLinks.beginDeleteAndWait(resourceGroup, step.name, spec.link),
    );
    await deleteWhenFree(`deleting private DNS zone ${step.name}`, () => privateDns.privateZones.beginDeleteAndWait(resourceGroup, step.name));
  },
  deletesFromOutputs: true,
});
