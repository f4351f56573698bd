/**
 * Server-side apply of manifests of any kind: each object's resource is found through the
 * API server's discovery (as kubectl does), so built-in kinds and CustomResourceDefinitions
 * defined earlier in the same manifest are applied alike.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { NotFoundError } from '@strata/errors';
import type { ClusterConnection } from './connection';
import { KubernetesApiError, toStrataError } from './api-errors';
import { requestJson } from './http-request';
import { applyObject } from './objects';
import type { ResourceDescription } from './resources';

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/** Resolves `apiVersion` + `kind` to a resource through discovery, caching each group version. */
export class ResourceResolver {
  private readonly lists = new Map<string, Promise<ApiResourceList | undefined>>();

  constructor(private readonly conn: ClusterConnection) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceDescription> {
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/', 2) as [string, string]) : ['', apiVersion];
    let list = await this.list(group, version);
    let entry = list?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!entry) {
      // A CustomResourceDefinition applied a moment ago: discovery catches up within seconds.
      this.lists.delete(apiVersion);
      list = await this.list(group, version);
      entry = list?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    }
    if (!entry) throw new NotFoundError(`the API server serves no kind ${kind} in ${apiVersion}`);
    return { key: entry.name, group, version, plural: entry.name, kind, namespaced: entry.namespaced, listKind: `${kind}List` };
  }

  private list(group: string, version: string): Promise<ApiResourceList | undefined> {
    const key = group ? `${group}/${version}` : version;
    let pending = this.lists.get(key);
    if (!pending) {
      const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
      pending = requestJson<ApiResourceList>(this.conn, { method: 'GET', path }).catch((error: unknown) => {
        this.lists.delete(key);
        if (error instanceof KubernetesApiError && error.code === 404) return undefined;
        throw toStrataError(error, `discovering the resources of ${key}`);
      });
      this.lists.set(key, pending);
    }
    return pending;
  }
}

export interface ApplyManifestOptions {
  fieldManager: string;
  /** Take over fields other managers set: right for objects this manager alone owns. */
  force?: boolean;
}

/**
 * Applies objects in order by server-side apply (`applyObject`), each one's resource found
 * through discovery. Applying the same objects again changes nothing; an object another
 * process changed is brought back to the manifest for the fields this manager owns.
 */
export async function applyManifest(conn: ClusterConnection, objects: KubernetesObject[], options: ApplyManifestOptions): Promise<void> {
  const resolver = new ResourceResolver(conn);
  for (const object of objects) {
    let resource: ResourceDescription;
    try {
      resource = await resolver.resolve(object.apiVersion ?? '', object.kind ?? '');
    } catch (error) {
      throw toStrataError(error, `applying ${object.kind ?? ''} ${object.metadata?.name ?? ''}`);
    }
    await applyObject(conn, resource, object, options);
  }
}
