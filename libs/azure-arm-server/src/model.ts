import type { VmSize } from './catalog';
import type { NameRule } from './names';

/** JSON object as ARM bodies carry them. */
export type Json = Record<string, unknown>;

/** A resource as the server holds it. */
export interface StoredResource {
  /** Canonical id: `/subscriptions/…/resourceGroups/…/providers/{namespace}/{type}/{name}[/{child}/{name}]`. */
  id: string;
  name: string;
  kind: Kind;
  resourceGroup: string;
  /** Id of the resource this one nests under (a VNet for a subnet). */
  parentId?: string;
  location?: string;
  tags?: Record<string, string>;
  properties: Json;
  /** Other top-level fields kept as sent: sku, zones, plan, identity, etag. */
  top: Json;
  /** The operation in progress on the resource, if any. */
  operationId?: string;
}

/** Read access to everything that exists, for references, in-use checks and derived fields. */
export interface World {
  get(id: string | undefined): StoredResource | undefined;
  all(): StoredResource[];
  children(parentId: string): StoredResource[];
  /** Absolute URL of the ARM endpoint. */
  endpoint: string;
  subscriptionId: string;
  locations: Map<string, string[]>;
  quota(location: string, name: string): number;
  /** VM sizes offered (resourceSkus), with their vCPUs and quota families. */
  vmSizes: VmSize[];
  /** NIC id (lower case) → the deleted VM it stays reserved for, and until when (ms). */
  nicReservations: Map<string, { vmId: string; until: number }>;
  /** How long a deleted VM's NICs stay reserved for it. */
  nicReservationMs: number;
  /** Stores a resource a kind makes as a side effect (a VM's OS disk). */
  put(resource: StoredResource): void;
  /** Removes a resource (and its children) as a side effect of another's deletion. */
  remove(id: string): void;
}

/** What a kind's `prepare` hook sees: the resource about to be stored and the request body. */
export interface PrepareContext {
  world: World;
  resource: StoredResource;
  previous: StoredResource | undefined;
  body: Json;
  /** The resource this one nests under, as it will be after this request. */
  parent?: StoredResource;
  /** Other resources of the same kind under the same parent, as they will be after this request. */
  siblings: StoredResource[];
}

/**
 * One ARM resource type: its api-versions, name rule and the hooks that make it behave
 * as its resource provider does. Every resource type the server serves is one such
 * object in the table (kinds/index.ts); the request handling around them is generic.
 */
export interface Kind {
  /** Canonical type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  apiVersions: readonly string[];
  name: NameRule;
  /** `required`: a location must be sent; `global`: always "global"; `none`: no location (child resources). */
  location: 'required' | 'global' | 'none';
  /** Whether PUT and DELETE are long-running (answered in progress, completed later). */
  asyncPut: boolean;
  asyncDelete: boolean;
  /** The provisioning state a PUT answers with while in progress, on create and on update. */
  creatingState?: string;
  updatingState?: string;
  /** Tags accepted (child resources have none). */
  tags?: boolean;
  /** Top-level fields kept from the body besides location and tags (sku, zones, …). */
  topFields?: readonly string[];
  /** Nested collections of child resources of their own type, e.g. a VNet's subnets. */
  childCollections?: readonly { property: string; childType: string }[];
  /** Checks the body against the rest of the world and fills what the service computes. Throws ArmError. */
  prepare?(ctx: PrepareContext): void;
  /** Fields derived from other resources, merged into properties when read. */
  derive?(resource: StoredResource, world: World): Json;
  /** Properties never returned on read (write-only secrets such as customData). */
  hide?(properties: Json): Json;
  /** The error ARM answers a DELETE with while something still uses the resource. */
  inUse?(resource: StoredResource, world: World): Error | undefined;
  /** Side effects once the resource is stored (a VM makes its OS disk). */
  afterWrite?(resource: StoredResource, world: World): void;
  /** Side effects once the resource is gone (a VM detaches or deletes its disk and NICs). */
  afterDelete?(resource: StoredResource, world: World): void;
  /** Read-only views under the resource (`GET {id}/{view}`), also given by `$expand={view}` on GET. */
  views?: Record<string, (resource: StoredResource, world: World) => Json>;
  /** Names are stored lower-cased, as Private DNS stores record set names. */
  lowerCaseNames?: boolean;
  /** A DNS record set: listed by its zone's `ALL` / `recordsets` collections. */
  recordSet?: boolean;
}
