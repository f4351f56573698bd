import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { InputError } from '@strata/errors';
import type { ClusterConnection } from './connection';
import { apiStatusOf, toStrataError } from './api-errors';
import { requestJson } from './http-request';
import { resourcePath, type ResourceDescription } from './resources';

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped kinds). */
  namespace?: string;
  /** Page size; the server may return fewer items. */
  limit: number;
  /** The `continueToken` of the previous page. */
  continueToken?: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
}

export interface ListPage<T extends KubernetesObject = KubernetesObject> {
  items: T[];
  /** Set when there are more items; pass it back to get the next page. */
  continueToken?: string;
  /** The collection's resourceVersion, from which a watch continues this list. */
  resourceVersion: string;
}

function where(resource: ResourceDescription, namespace?: string): string {
  return `listing ${resource.plural}${resource.namespaced ? (namespace ? ` in ${namespace}` : ' in all namespaces') : ''}`;
}

/** One raw page; failures are left unmapped so callers can react to 410 Gone. */
async function fetchPage<T extends KubernetesObject>(conn: ClusterConnection, resource: ResourceDescription, options: ListOptions): Promise<ListPage<T>> {
  const list = await requestJson<KubernetesListObject<T>>(conn, {
    method: 'GET',
    path: resourcePath(resource, { namespace: options.namespace }),
    query: {
      limit: options.limit,
      continue: options.continueToken || undefined,
      labelSelector: options.labelSelector || undefined,
      fieldSelector: options.fieldSelector || undefined,
    },
    signal: options.signal,
  });
  const token = list.metadata?._continue ?? (list.metadata as { continue?: string } | undefined)?.continue;
  return {
    items: list.items ?? [],
    ...(token ? { continueToken: token } : {}),
    resourceVersion: list.metadata?.resourceVersion ?? '',
  };
}

/**
 * One page of a collection (`limit`/`continue`). A continue token older than the server
 * keeps (about five minutes) fails with `ProviderError` (HTTP 410); list again from the start.
 */
export async function listPage<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: ListOptions,
): Promise<ListPage<T>> {
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new InputError(`page size ${options.limit} is not a positive integer`, [{ path: 'limit', message: 'must be an integer ≥ 1' }]);
  }
  try {
    return await fetchPage<T>(conn, resource, options);
  } catch (error) {
    throw toStrataError(error, where(resource, options.namespace));
  }
}

export type ListAllOptions = Omit<ListOptions, 'limit' | 'continueToken'> & {
  /** Page size; 500 by default, as kubectl uses. */
  limit?: number;
};

/** Pages with a flag on the first page of each pass; a pass restarts after an expired token. */
async function* walkPages<T extends KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: ListAllOptions,
): AsyncGenerator<{ page: ListPage<T>; first: boolean }, void, undefined> {
  const limit = options.limit ?? 500;
  let restarts = 0;
  let token: string | undefined;
  for (;;) {
    let page: ListPage<T>;
    try {
      page = await fetchPage<T>(conn, resource, { ...options, limit, ...(token ? { continueToken: token } : {}) });
    } catch (error) {
      if (token && apiStatusOf(error)?.code === 410 && restarts < 1) {
        restarts += 1;
        token = undefined;
        continue;
      }
      throw toStrataError(error, where(resource, options.namespace));
    }
    yield { page, first: token === undefined };
    token = page.continueToken;
    if (!token) return;
  }
}

/**
 * Every page of a collection in turn, so callers can count or filter without keeping the
 * whole collection in memory. If a continue token expires half way (HTTP 410), the pages
 * start over once from the beginning, as client-go's pager does; the pages already
 * yielded then come again.
 */
export async function* listPages<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: ListAllOptions = {},
): AsyncGenerator<ListPage<T>, void, undefined> {
  for await (const { page } of walkPages<T>(conn, resource, options)) yield page;
}

/**
 * The whole collection, read page by page. All pages belong to one consistent snapshot
 * at `resourceVersion`, so a watch started from it misses nothing.
 */
export async function listAll<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: ListAllOptions = {},
): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let resourceVersion = '';
  for await (const { page, first } of walkPages<T>(conn, resource, options)) {
    if (first) {
      items.length = 0;
      resourceVersion = page.resourceVersion;
    }
    items.push(...page.items);
  }
  return { items, resourceVersion };
}
