import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesStatus } from '../api-errors';

/** One line of a watch stream, classified. */
export type WatchLine<T extends KubernetesObject = KubernetesObject> =
  | { kind: 'event'; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T; resourceVersion: string | undefined }
  /** Progress without a change: the resume point moves to `resourceVersion`. */
  | { kind: 'bookmark'; resourceVersion: string | undefined }
  /** The requested resourceVersion is compacted away (410 Gone / Expired): list again. */
  | { kind: 'gone'; message: string }
  | { kind: 'error'; status: KubernetesStatus }
  | { kind: 'unknown'; text: string };

/**
 * Classifies one JSON line of a watch response (`{"type": ..., "object": ...}`, see the
 * Kubernetes API concepts page, "Efficient detection of changes").
 */
export function parseWatchLine<T extends KubernetesObject = KubernetesObject>(line: string): WatchLine<T> {
  let parsed: { type?: string; object?: unknown };
  try {
    parsed = JSON.parse(line) as { type?: string; object?: unknown };
  } catch {
    return { kind: 'unknown', text: line.slice(0, 200) };
  }
  const object = (parsed.object ?? {}) as T & KubernetesStatus;
  switch (parsed.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return { kind: 'event', type: parsed.type, object, resourceVersion: object.metadata?.resourceVersion };
    case 'BOOKMARK':
      return { kind: 'bookmark', resourceVersion: object.metadata?.resourceVersion };
    case 'ERROR': {
      const status = object as KubernetesStatus;
      if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') {
        return { kind: 'gone', message: status.message ?? 'resource version too old' };
      }
      return { kind: 'error', status };
    }
    default:
      return { kind: 'unknown', text: line.slice(0, 200) };
  }
}
