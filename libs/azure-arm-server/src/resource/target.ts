/** Addressing: which kind, id and group a request names, and the checks every request makes first. */
import { ArmError, groupNotFound } from '../errors';
import { KINDS } from '../kinds';
import type { Kind } from '../model';
import type { ArmState, StoredGroup } from '../state';

/** A request for a resource under a provider: `/subscriptions/…/resourceGroups/{rg}/providers/{ns}/{type}/{name}/…`. */
export interface ResourceTarget {
  group: string;
  namespace: string;
  /** Type and name pairs; the last may lack its name (a list). */
  segments: { type: string; name?: string }[];
}

/** The kind a request names, or ARM's error for a type it does not know. */
export function kindFor(target: ResourceTarget): Kind {
  const type = [target.namespace, ...target.segments.map((s) => s.type)].join('/');
  const kind = KINDS.get(type.toLowerCase());
  if (kind) return kind;
  const namespaceKnown = [...KINDS.keys()].some((key) => key.startsWith(`${target.namespace.toLowerCase()}/`));
  if (!namespaceKnown) throw new ArmError(404, 'NoRegisteredProviderFound', `No registered resource provider found for namespace '${target.namespace}'.`);
  throw new ArmError(
    400,
    'InvalidResourceType',
    `The resource type '${type.split('/').slice(1).join('/')}' could not be found in the namespace '${target.namespace}'.`,
  );
}

/** ARM's answer for an api-version a resource type does not support. */
export function checkApiVersion(kind: Kind, apiVersion: string, location = 'eastus'): void {
  if (kind.apiVersions.includes(apiVersion)) return;
  const [, ...rest] = kind.type.split('/');
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${rest.join('/')}'. The supported api-versions are '${kind.apiVersions.join(', ')}'.`,
  );
}

export function canonicalId(state: ArmState, group: StoredGroup, kind: Kind, names: string[]): string {
  const [namespace, ...types] = kind.type.split('/');
  const path = types.map((type, i) => `${type}/${names[i]}`).join('/');
  return `/subscriptions/${state.subscriptionId}/resourceGroups/${group.name}/providers/${namespace}/${path}`;
}

export function locateGroup(state: ArmState, name: string): StoredGroup {
  const group = state.group(name);
  if (!group) throw groupNotFound(name);
  return group;
}

export function idOfTarget(state: ArmState, target: ResourceTarget): string {
  return `/subscriptions/${state.subscriptionId}/resourceGroups/${target.group}/providers/${target.namespace}/${target.segments.map((s) => `${s.type}/${s.name ?? ''}`).join('/')}`;
}

export function names(target: ResourceTarget, kind?: Kind): string[] {
  const all = target.segments.map((s) => s.name ?? '');
  if (kind?.lowerCaseNames && all.length) all[all.length - 1] = (all[all.length - 1] as string).toLowerCase();
  return all;
}

export function checkGroupWritable(group: StoredGroup): void {
  if (group.provisioningState === 'Deleting') {
    throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`);
  }
}

/** What an operation on one resource addresses: its kind (api-version checked), its group (which must exist), its names and canonical id. */
export function locate(state: ArmState, target: ResourceTarget, apiVersion: string): { kind: Kind; group: StoredGroup; pathNames: string[]; id: string } {
  const kind = kindFor(target);
  checkApiVersion(kind, apiVersion);
  const group = locateGroup(state, target.group);
  const pathNames = names(target, kind);
  return { kind, group, pathNames, id: canonicalId(state, group, kind, pathNames) };
}
