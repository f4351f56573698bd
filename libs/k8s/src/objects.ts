import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterConnection } from './connection';
import { toStrataError } from './api-errors';
import { requestJson } from './http-request';
import { describeObject, resourcePath, type ResourceDescription } from './resources';

/** Reads one object; 404 → NotFoundError, 403 → NotAllowedError. */
export async function getObject<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  namespace: string | undefined,
  name: string,
): Promise<T> {
  try {
    return await requestJson<T>(conn, { method: 'GET', path: resourcePath(resource, { namespace, name }) });
  } catch (error) {
    throw toStrataError(error, `reading ${describeObject(resource, namespace, name)}`);
  }
}

/**
 * Deletes one object with background propagation, as kubectl does: the call returns at
 * once and the garbage collector removes dependents (a Deployment's ReplicaSets and Pods).
 */
export async function deleteObject(conn: ClusterConnection, resource: ResourceDescription, namespace: string | undefined, name: string): Promise<void> {
  try {
    await requestJson(conn, {
      method: 'DELETE',
      path: resourcePath(resource, { namespace, name }),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
  } catch (error) {
    throw toStrataError(error, `deleting ${describeObject(resource, namespace, name)}`);
  }
}

/** Applies a JSON merge patch (RFC 7386) to an object or one of its subresources. */
export async function mergePatch<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  namespace: string | undefined,
  name: string,
  patch: unknown,
  options: { subresource?: string; doing?: string } = {},
): Promise<T> {
  try {
    return await requestJson<T>(conn, {
      method: 'PATCH',
      path: resourcePath(resource, { namespace, name, ...(options.subresource ? { subresource: options.subresource } : {}) }),
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  } catch (error) {
    throw toStrataError(error, `${options.doing ?? 'patching'} ${describeObject(resource, namespace, name)}`);
  }
}

/**
 * Creates or updates an object by server-side apply: the API server merges the fields
 * `fieldManager` owns and leaves other managers' fields alone, so applying the same object
 * again changes nothing. `force` takes over fields another manager set (kubectl's
 * `--force-conflicts`), which is right for objects this manager alone is meant to own.
 * See https://kubernetes.io/docs/reference/using-api/server-side-apply/.
 */
export async function applyObject<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  object: T,
  options: { fieldManager: string; force?: boolean },
): Promise<T> {
  const name = object.metadata?.name ?? '';
  const namespace = resource.namespaced ? object.metadata?.namespace : undefined;
  try {
    return await requestJson<T>(conn, {
      method: 'PATCH',
      path: resourcePath(resource, { namespace, name }),
      query: { fieldManager: options.fieldManager, force: options.force ?? false },
      // JSON is YAML, and the apply patch type accepts either.
      body: object,
      contentType: 'application/apply-patch+yaml',
    });
  } catch (error) {
    throw toStrataError(error, `applying ${describeObject(resource, namespace, name)}`);
  }
}
