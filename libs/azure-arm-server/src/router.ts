import { API_VERSIONS } from './api-versions';
import { locations, provider, resourceSkus, subscription, usages, type VmSize } from './catalog';
import { ArmError } from './errors';
import { deleteGroup, getGroup, headGroup, listGenericResources, listGroups, patchGroup, putGroup } from './groups';
import { KINDS } from './kinds';
import type { Json } from './model';
import { operationResult, operationStatus } from './operations';
import type { Reply } from './reply';
import { deleteResource, getResource, listResources, patchResource, putResource, type Behaviour, type Conditions, type ResourceTarget } from './resource';
import type { ArmState } from './state';

/** What the router hands requests to. */
export interface RouteContext {
  state: ArmState;
  behaviour: Behaviour;
  tenantId: string;
  sizes: VmSize[];
}

function checkArmApiVersion(apiVersion: string, supported: readonly string[]): void {
  if (!supported.includes(apiVersion)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'. Please see https://aka.ms/arm-api-versions for more details.`,
    );
  }
}

/** A matched request: the path's captures, the original segments past `**`, and the request. */
interface Matched {
  params: Record<string, string>;
  rest: string[];
  method: string;
  url: URL;
  apiVersion: string;
  body: Json;
  conditions: Conditions;
}

/** One route: methods, a path under `/subscriptions/{id}` (`:name` captures, `**` takes the rest), the api-versions ARM itself checks. */
interface Route {
  methods: readonly string[];
  path: string;
  versions?: readonly string[];
  handle(context: RouteContext, request: Matched): Reply;
}

const GET = ['GET'];

/** The parent-child path of a provider resource: `{type}/{name}/{type}/{name}…`, the last name optional (a list). */
function resourceTarget(group: string, namespace: string, pairs: string[]): ResourceTarget {
  return {
    group,
    namespace,
    segments: Array.from({ length: Math.ceil(pairs.length / 2) }, (_, i) => ({
      type: pairs[2 * i] as string,
      ...(pairs[2 * i + 1] !== undefined ? { name: pairs[2 * i + 1] as string } : {}),
    })),
  };
}

/** What each method does to one provider resource. */
const RESOURCE_METHODS: Record<string, (context: RouteContext, target: ResourceTarget, request: Matched) => Reply> = {
  PUT: ({ state, behaviour }, target, r) => putResource(state, behaviour, target, r.body, r.apiVersion, r.url.pathname, r.conditions),
  PATCH: ({ state, behaviour }, target, r) => patchResource(state, behaviour, target, r.body, r.apiVersion, r.url.pathname, r.conditions),
  GET: ({ state }, target, r) => getResource(state, target, r.apiVersion, r.url.searchParams.get('$expand')),
  DELETE: ({ state, behaviour }, target, r) => deleteResource(state, behaviour, target, r.apiVersion, r.url.pathname, r.conditions),
  HEAD: ({ state }, target, r) => {
    try {
      getResource(state, target, r.apiVersion);
      return { status: 204 };
    } catch (error) {
      if (error instanceof ArmError && error.status === 404) return { status: 404 };
      throw error;
    }
  },
};

const GROUP_METHODS: Record<string, (context: RouteContext, group: string, request: Matched) => Reply> = {
  PUT: ({ state }, group, r) => putGroup(state, group, r.body),
  GET: ({ state }, group) => getGroup(state, group),
  HEAD: ({ state }, group) => headGroup(state, group),
  PATCH: ({ state }, group, r) => patchGroup(state, group, r.body),
  DELETE: ({ state, behaviour }, group, r) => deleteGroup(state, behaviour, group, r.apiVersion),
};

/** The ARM paths the server answers, first match wins. */
const ROUTES: Route[] = [
  { methods: GET, path: '', versions: API_VERSIONS.subscriptions, handle: ({ state, tenantId }) => subscription(state, tenantId) },
  { methods: GET, path: 'locations', versions: API_VERSIONS.subscriptions, handle: ({ state }) => locations(state) },
  { methods: GET, path: 'operationresults/:id', handle: ({ state, behaviour }, r) => operationResult(state, behaviour, r.params['id'] as string, r.url) },
  {
    methods: GET,
    path: 'resources',
    versions: API_VERSIONS.resources,
    handle: ({ state, behaviour }, r) => listGenericResources(state, behaviour, undefined, r.url),
  },
  { methods: GET, path: 'resourcegroups', versions: API_VERSIONS.resources, handle: ({ state, behaviour }, r) => listGroups(state, behaviour, r.url) },
  {
    methods: Object.keys(GROUP_METHODS),
    path: 'resourcegroups/:group',
    versions: API_VERSIONS.resources,
    handle: (context, r) => (GROUP_METHODS[r.method] as NonNullable<(typeof GROUP_METHODS)[string]>)(context, r.params['group'] as string, r),
  },
  {
    methods: GET,
    path: 'resourcegroups/:group/resources',
    versions: API_VERSIONS.resources,
    handle: ({ state, behaviour }, r) => listGenericResources(state, behaviour, r.params['group'], r.url),
  },
  {
    methods: Object.keys(RESOURCE_METHODS),
    path: 'resourcegroups/:group/providers/:namespace/**',
    handle: (context, r) => {
      const target = resourceTarget(r.params['group'] as string, r.params['namespace'] as string, r.rest);
      if (r.rest.length % 2 === 1) {
        if (r.method !== 'GET') throw invalidUri(r);
        return listResources(context.state, context.behaviour, target, r.apiVersion, r.url);
      }
      return (RESOURCE_METHODS[r.method] as NonNullable<(typeof RESOURCE_METHODS)[string]>)(context, target, r);
    },
  },
  {
    methods: GET,
    path: 'providers/:namespace',
    handle: ({ state }, r) => {
      const namespace = r.params['namespace'] as string;
      const types = [...KINDS.values()]
        .filter((k) => k.type.toLowerCase().startsWith(`${namespace.toLowerCase()}/`))
        .map((k) => k.type.split('/').slice(1).join('/'));
      return provider(state, namespace, types);
    },
  },
  {
    methods: GET,
    path: 'providers/:namespace/locations/:location/operations/:id',
    handle: ({ state, behaviour }, r) => operationStatus(state, behaviour, r.params['id'] as string),
  },
  {
    methods: GET,
    path: 'providers/:namespace/locations/:location/operationresults/:id',
    handle: ({ state, behaviour }, r) => operationResult(state, behaviour, r.params['id'] as string, r.url),
  },
  {
    methods: GET,
    path: 'providers/microsoft.compute/locations/:location/usages',
    versions: API_VERSIONS.compute,
    handle: ({ state, sizes }, r) => usages(state, sizes, r.params['location'] as string),
  },
  {
    methods: GET,
    path: 'providers/microsoft.compute/skus',
    versions: API_VERSIONS.computeSkus,
    handle: ({ state, behaviour, sizes }, r) => resourceSkus(state, behaviour, sizes, r.url),
  },
  {
    methods: GET,
    path: 'providers/:namespace/:type',
    handle: ({ state, behaviour }, r) =>
      listResources(state, behaviour, { namespace: r.params['namespace'] as string, type: r.params['type'] as string }, r.apiVersion, r.url),
  },
];

function invalidUri(r: { method: string; url: URL }): ArmError {
  return new ArmError(400, 'InvalidRequestUri', `The request URI '${r.url.pathname}' is not valid for method ${r.method}.`);
}

/** Matches path segments against a route's pattern: literals without case, `:name` captured, `**` one or more. */
function match(pattern: string, segments: string[]): { params: Record<string, string>; rest: string[] } | undefined {
  const parts = pattern ? pattern.split('/') : [];
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    if (part === '**') return segments.length > i ? { params, rest: segments.slice(i) } : undefined;
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment.toLowerCase()) return undefined;
  }
  return segments.length === parts.length ? { params, rest: [] } : undefined;
}

/**
 * Dispatches an authenticated ARM request (`/subscriptions/…`) through {@link ROUTES}: the
 * subscription and its locations, resource groups and their resource lists, operation
 * status and result URLs, Compute usages and SKUs, and every resource type of kinds/.
 */
export function routeArm(context: RouteContext, method: string, url: URL, body: Json, conditions: Conditions): Reply {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0]?.toLowerCase() !== 'subscriptions' || segments.length < 2)
    throw new ArmError(404, 'NotFound', `The requested path '${url.pathname}' was not found.`);
  const apiVersion = url.searchParams.get('api-version');
  if (apiVersion === null)
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  if ((segments[1] as string).toLowerCase() !== context.state.subscriptionId.toLowerCase()) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${segments[1]}' could not be found.`);
  }
  const below = segments.slice(2);
  for (const route of ROUTES) {
    const found = match(route.path, below);
    if (!found || !route.methods.includes(method)) continue;
    if (route.versions) checkArmApiVersion(apiVersion, route.versions);
    return route.handle(context, { ...found, method, url, apiVersion, body, conditions });
  }
  throw invalidUri({ method, url });
}
