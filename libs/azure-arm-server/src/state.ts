import { randomUUID } from 'node:crypto';
import type { VmSize } from './catalog';
import type { ArmErrorBody } from './errors';
import type { StoredResource, World } from './model';

/** A resource group as the server holds it. */
export interface StoredGroup {
  id: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  managedBy?: string;
  provisioningState: 'Succeeded' | 'Deleting';
  operationId?: string;
}

/** A long-running operation: polled through its Azure-AsyncOperation and Location URLs. */
export interface Operation {
  id: string;
  /** Resource provider the operation URLs sit under, or undefined for resource group deletion. */
  namespace?: string;
  location: string;
  apiVersion: string;
  method: 'PUT' | 'DELETE';
  resourceId: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  startTime: string;
  endTime?: string;
  error?: ArmErrorBody;
}

/** Everything the server knows, with the lookups the resource kinds use. */
export class ArmState implements World {
  readonly resources = new Map<string, StoredResource>();
  readonly groups = new Map<string, StoredGroup>();
  readonly operations = new Map<string, Operation>();
  readonly quotas = new Map<string, number>();
  /** NIC id (lower case) → until when (ms) it stays reserved for the VM that was deleted. */
  readonly nicReservations = new Map<string, { vmId: string; until: number }>();
  endpoint = '';
  nicReservationMs = 0;

  constructor(
    readonly subscriptionId: string,
    readonly locations: Map<string, string[]>,
    readonly vmSizes: VmSize[],
  ) {}

  get(id: string | undefined): StoredResource | undefined {
    return id === undefined ? undefined : this.resources.get(id.toLowerCase());
  }

  all(): StoredResource[] {
    return [...this.resources.values()];
  }

  children(parentId: string): StoredResource[] {
    const key = parentId.toLowerCase();
    return this.all().filter((r) => r.parentId?.toLowerCase() === key);
  }

  group(name: string): StoredGroup | undefined {
    return this.groups.get(name.toLowerCase());
  }

  /** A Compute quota; unset ones are generous (large runs fit), tests of quota set low ones. */
  quota(location: string, name: string): number {
    const set = this.quotas.get(`${location.toLowerCase()}/${name.toLowerCase()}`);
    if (set !== undefined) return set;
    return ({ cores: 2000, virtualmachines: 25000 } as Record<string, number>)[name.toLowerCase()] ?? 1000;
  }

  put(resource: StoredResource): void {
    this.resources.set(resource.id.toLowerCase(), resource);
  }

  /** Removes a resource and, recursively, its children. */
  remove(id: string): void {
    for (const child of this.children(id)) this.remove(child.id);
    this.resources.delete(id.toLowerCase());
  }

  newOperation(fields: Omit<Operation, 'id' | 'status' | 'startTime'>): Operation {
    const operation: Operation = { id: randomUUID(), status: 'InProgress', startTime: new Date().toISOString(), ...fields };
    this.operations.set(operation.id, operation);
    return operation;
  }

  /** The operation in progress on a resource or on the resource it nests under. */
  busy(resource: StoredResource | undefined): Operation | undefined {
    for (let current = resource; current; current = this.get(current.parentId)) {
      const operation = current.operationId ? this.operations.get(current.operationId) : undefined;
      if (operation?.status === 'InProgress') return operation;
    }
    return undefined;
  }
}

/** Copies JSON (request bodies are stored, never shared with the caller). */
export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
