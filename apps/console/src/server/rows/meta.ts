import type { KubernetesObject } from '@kubernetes/client-node';
import type { RowBase } from '../../lib/rows';

/** The fields every row takes from `metadata`. */
export function baseRow(object: KubernetesObject): RowBase {
  const meta = object.metadata ?? {};
  const created = meta.creationTimestamp as unknown;
  return {
    uid: meta.uid ?? `${meta.namespace ?? ''}/${meta.name ?? ''}`,
    name: meta.name ?? '',
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    ...(created ? { createdAt: created instanceof Date ? created.toISOString() : String(created) } : {}),
    ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
  };
}

/** An ISO string from a field that is a string or (from client-node models) a Date. */
export function isoOf(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}
