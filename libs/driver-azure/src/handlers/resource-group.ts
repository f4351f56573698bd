import { z } from 'zod';
import { defineHandler, type DriverContext, type PlanStep } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { azureClients, lro } from '../clients';
import { call, callOrGone } from '../errors';
import { azureTags, marksOf, ownedByStep } from '../tags';

const Spec = z.object({ location: z.string(), named: z.boolean() });
const Outputs = z.strictObject({ resourceGroupId: z.string().startsWith('/subscriptions/'), managed: z.enum(['true', 'false']) });

/** The resource group as it is: ours, someone else's (another cluster's or the user's own), or absent. */
async function current(ctx: DriverContext, step: PlanStep) {
  const { resources } = azureClients(ctx.cluster, ctx.credential);
  const group = await callOrGone(`finding resource group ${step.name}`, () => resources.resourceGroups.get(step.name));
  if (!group) return undefined;
  const state = group.properties?.provisioningState;
  return { id: group.id ?? '', tags: group.tags, state, ours: ownedByStep(group.tags, ctx.clusterId, step.id), marks: marksOf(group.tags) };
}

/**
 * The cluster's resource group. A group the document names that exists without any
 * cluster's marks is the user's: it is used as it is (`managed: false`) and never deleted.
 * A group another cluster owns is refused, naming that cluster.
 */
export const resourceGroupHandler = defineHandler({
  spec: Spec,
  outputs: Outputs,
  async find(ctx, step, spec) {
    const group = await current(ctx, step);
    if (!group) return undefined;
    if (group.ours && group.state === 'Succeeded') return { resourceGroupId: group.id, managed: 'true' as const };
    if (!group.marks && spec.named && group.state === 'Succeeded') return { resourceGroupId: group.id, managed: 'false' as const };
    return undefined;
  },
  async create(ctx, step, spec) {
    const group = await current(ctx, step);
    if (group?.marks && group.marks.clusterId !== ctx.clusterId) {
      throw new ProviderError(
        `creating resource group ${step.name}: it belongs to cluster ${group.marks.cluster} (id ${group.marks.clusterId}); set spec.platform.azure.resourceGroup to another group`,
      );
    }
    if (group && !group.marks && spec.named) return { resourceGroupId: group.id, managed: 'false' as const };
    const { resources } = azureClients(ctx.cluster, ctx.credential);
    const made = await call(`creating resource group ${step.name}`, () =>
      resources.resourceGroups.createOrUpdate(step.name, { location: spec.location, tags: azureTags(step) }),
    );
    return { resourceGroupId: made.id ?? '', managed: 'true' as const };
  },
  async delete(ctx, step, outputs) {
    if (outputs?.['managed'] === 'false') return;
    const group = await current(ctx, step);
    // Only a group this cluster made goes; deleting it takes whatever is still inside.
    if (!group?.ours) return;
    const { resources } = azureClients(ctx.cluster, ctx.credential);
    await callOrGone(`deleting resource group ${step.name}`, () => resources.resourceGroups.beginDeleteAndWait(step.name, lro()));
  },
});
