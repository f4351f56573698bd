import type { z } from 'zod';
import type { Cluster } from '@strata/cluster-config';
import type { FieldProblem } from '@strata/errors';
import type { Credential, DriverCatalog } from './catalog';
import type { Journal } from './journal';
import type { OwnershipEncoder, Platform } from './ownership';
import type { MachineInfo, PlanStep, InfraPlan, ProgressEvent } from './schemas';

/** The version of the driver contract this package defines; see docs/driver-contract.md. */
export const DRIVER_CONTRACT_VERSION = 'v1beta1';

/** Keys of the canonical (local) ownership marks; each platform encodes them with its own encoder. */
export const CLUSTER_TAG = 'strata.dev/cluster';
export const CLUSTER_ID_TAG = 'strata.dev/cluster-id';
export const STEP_TAG = 'strata.dev/step';

/** What a driver is given for one cluster. */
export interface DriverContext {
  cluster: Cluster;
  /** Stable identity of this cluster (from the asset manifest); part of every ownership tag. */
  clusterId: string;
  /** The cluster's asset directory (`--dir`): PKI, Ignition configs, the journal, logs. */
  assetsDir: string;
  /** The Ignition config of a machine, as rendered into the asset directory. */
  ignitionFor(machine: string): Promise<string>;
  /** Tags to put on every resource: cluster name and cluster id. */
  tags: Record<string, string>;
  journal: Journal;
  emit(event: ProgressEvent): void;
  signal?: AbortSignal;
  /**
   * The credential to call the provider with, in place of the SDK's default chain (the
   * installer service passes the one its user stored). Secret: never logged or emitted.
   */
  credential?: Credential;
}

/** String outputs of one step (ids, addresses), as the journal stores them. */
export type StepOutputs = Record<string, string>;

/**
 * How a driver handles one kind of resource. `find` and `create` together make a step
 * idempotent: the generic apply loop calls `find` first (by ownership marks and
 * deterministic name) and `create` only when nothing is found, so a step interrupted
 * between the provider accepting a create and the journal recording it is adopted, not
 * duplicated. The step kind declares its inputs (`spec`) and `outputs` with zod: apply
 * validates the spec before `create`, validates what `find`/`create` return before it is
 * journaled, and revalidates outputs read back from the journal.
 */
export interface ResourceHandler<Spec extends Record<string, unknown> = Record<string, unknown>, Out extends StepOutputs = StepOutputs> {
  readonly spec: z.ZodType<Spec>;
  readonly outputs: z.ZodType<Out>;
  /** The resource of `step` if it exists, with its outputs (ids, addresses). */
  find(ctx: DriverContext, step: PlanStep, spec: Spec): Promise<Out | undefined>;
  create(ctx: DriverContext, step: PlanStep, spec: Spec, inputs: StepInputs): Promise<Out>;
  /** Deletes the resource; succeeds when it is already gone. */
  delete(ctx: DriverContext, step: PlanStep, outputs: StepOutputs | undefined): Promise<void>;
  /**
   * How many creates of this kind may run at once, in place of the run's concurrency: for a
   * kind with many steps whose create mostly waits on the provider (a VM's long-running
   * operation), where the run's limit would queue the waits one batch after another.
   */
  readonly createConcurrency?: number;
  /**
   * How many deletes of this kind may run at once, in place of the run's concurrency: for a
   * handler that sends the deletes running together as one call (one TerminateInstances for
   * many machines), where the run's limit would only make the batches small.
   */
  readonly deleteConcurrency?: number;
  /**
   * True when `delete` needs nothing but the outputs it was created with (an id the provider
   * never reuses, a delete that succeeds when the resource is gone): destroy then deletes a
   * step the journal records as created without a `find` first. What the journal does not
   * name is still found, and the sweep by marks catches anything left.
   */
  readonly deletesFromOutputs?: boolean;
}

/** Declares a typed handler; the generic parameters come from its schemas. */
export function defineHandler<Spec extends Record<string, unknown>, Out extends StepOutputs>(handler: ResourceHandler<Spec, Out>): ResourceHandler {
  return handler as unknown as ResourceHandler;
}

/** Outputs of the steps a step depends on, by step id. */
export type StepInputs = Record<string, StepOutputs>;

/** A resource found by tag during a sweep (destroy without a journal). */
export interface OwnedResource {
  kind: string;
  id: string;
  description: string;
}

/**
 * The contract every provider driver implements. A driver is one named object exported
 * by its library; it never imports the installer or another driver.
 */
export interface Driver {
  /** The `spec.platform` key this driver serves. */
  readonly platform: Platform;
  /** The contract version implemented; the installer refuses any other. */
  readonly contractVersion: string;
  /** How this platform carries the ownership marks within its limits. */
  readonly ownership: OwnershipEncoder;
  /**
   * Checks the platform section, credentials and platform limits (name lengths, quotas,
   * address space) before anything is created. Returns every problem; empty means valid.
   */
  validate(ctx: DriverContext): Promise<FieldProblem[]>;
  /**
   * The part of `validate` that needs no rendered assets (address space, ports, credentials,
   * quotas), which the installer runs before it writes anything, so a refused install leaves
   * its directory as it was. `validate` still includes these checks.
   */
  preflight?(cluster: Cluster, clusterId: string, credential?: Credential): Promise<FieldProblem[]>;
  /** The infrastructure for the cluster as steps with dependencies; pure and deterministic. */
  plan(ctx: DriverContext): InfraPlan;
  /** One handler per step kind used in the plan. */
  readonly handlers: Record<string, ResourceHandler>;
  /** Machines as the provider sees them now. */
  listMachines(ctx: DriverContext): Promise<MachineInfo[]>;
  /** Every resource carrying the cluster's tags, for destroy without (or beyond) the journal. */
  sweep(ctx: DriverContext): Promise<OwnedResource[]>;
  /** Deletes one resource found by `sweep`. */
  deleteOwned(ctx: DriverContext, resource: OwnedResource): Promise<void>;
  /** What a front end shows before there is a cluster: credentials, lookups, machine types, prices. */
  readonly catalog?: DriverCatalog;
}
