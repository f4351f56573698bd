import type { DriverContext, PlanStep, StepInputs } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { azureClients } from './clients';
import { callOrGone } from './errors';
import { ownedByStep } from './tags';

/** What every ARM resource answers with: its id, tags and provisioning state (top level or under `properties`). */
export interface ArmResource {
  id?: string;
  name?: string;
  tags?: Record<string, string>;
  provisioningState?: string;
}

/**
 * The resource of `step` as ARM has it, when it exists, carries the step's marks, and
 * finished provisioning. A resource whose create was cut short (`Creating`, `Failed`) is not
 * found, so `create` runs again: ARM's PUT by name is idempotent, it brings the same
 * resource to the same state instead of making a second one.
 */
export async function findOwned<T extends ArmResource>(ctx: DriverContext, step: PlanStep, what: string, get: () => PromiseLike<T>): Promise<T | undefined> {
  return ownedAndDone(ctx, step, await callOrGone(`finding ${what} ${step.name}`, get));
}

/** `resource` when it carries the step's marks and finished provisioning (see {@link findOwned}). */
export function ownedAndDone<T extends ArmResource>(ctx: DriverContext, step: PlanStep, resource: T | undefined): T | undefined {
  if (!resource || !ownedByStep(resource.tags, ctx.clusterId, step.id)) return undefined;
  return resource.provisioningState === undefined || resource.provisioningState === 'Succeeded' ? resource : undefined;
}

/** An output of the step `from` this step depends on; a wiring mistake when it is missing. */
export function input(inputs: StepInputs, from: string, key: string): string {
  const value = inputs[from]?.[key];
  if (value === undefined || value === '') throw new ProviderError(`the output ${key} of step ${from} is missing; run apply again`);
  return value;
}

/** The ARM id of a resource of the cluster's resource group. */
export function resourceId(ctx: DriverContext, type: string, name: string): string {
  const { subscriptionId, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${type}/${name}`;
}

/** The name and resource group of an ARM id (`/subscriptions/…/resourceGroups/<rg>/providers/<type>/<name>`). */
export function parseId(id: string): { resourceGroup: string; name: string; type: string } {
  const parts = id.split('/');
  const rgAt = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  const providersAt = parts.findIndex((p) => p.toLowerCase() === 'providers');
  const resourceGroup = rgAt >= 0 ? (parts[rgAt + 1] ?? '') : '';
  if (providersAt < 0) return { resourceGroup, name: resourceGroup, type: 'Microsoft.Resources/resourceGroups' };
  const rest = parts.slice(providersAt + 1);
  const namespace = rest[0] ?? '';
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 1; i < rest.length; i += 2) {
    types.push(rest[i] ?? '');
    names.push(rest[i + 1] ?? '');
  }
  return { resourceGroup, name: names.join('/'), type: [namespace, ...types].join('/') };
}
