import type { DriverContext, PlanStep } from '@strata/driver-api';
import { isNotFound, providerError } from './errors';

/** How long one listing of a kind answers the finds of its steps. */
const SNAPSHOT_MS = 10_000;

interface Snapshot<T> {
  at: number;
  byName: Promise<Map<string, T>>;
}

const snapshots = new Map<string, Snapshot<unknown>>();

/**
 * Per cluster and step, a create or delete of this process: in flight, or when it ended. A
 * listing serves the step again only if it was taken after that.
 */
const changes = new Map<string, { busy: boolean; doneAt: number }>();
const changeKey = (ctx: DriverContext, step: PlanStep) => `${ctx.clusterId}/${step.id}`;

/** Runs `fn`, a create or delete of the step's resource, so that finds meanwhile and just after ask ARM directly. */
export async function changing<T>(ctx: DriverContext, step: PlanStep, fn: () => Promise<T>): Promise<T> {
  const change = { busy: true, doneAt: 0 };
  changes.set(changeKey(ctx, step), change);
  try {
    return await fn();
  } finally {
    change.busy = false;
    change.doneAt = Date.now();
  }
}

/**
 * The resource named `name` of a kind with many steps (NICs, VMs), from one listing of the
 * cluster's resources of that kind that answers every step's find for a few seconds: a GET
 * per step made apply and destroy cost a call per machine more, for an answer one listing
 * holds. A step whose resource this process is changing asks ARM directly (`get`); one
 * changed since the listing began waits for a new listing, so a retry sees what the last
 * call did.
 */
export async function fromListing<T extends { name?: string }>(
  ctx: DriverContext,
  step: PlanStep,
  kind: string,
  list: () => AsyncIterable<T>,
  get: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const change = changes.get(changeKey(ctx, step));
  if (change?.busy) return get();
  const key = `${ctx.clusterId}/${kind}`;
  let snapshot = snapshots.get(key) as Snapshot<T> | undefined;
  if (!snapshot || Date.now() - snapshot.at >= SNAPSHOT_MS || (change && snapshot.at <= change.doneAt)) {
    const next: Snapshot<T> = {
      at: Date.now(),
      byName: (async () => {
        const byName = new Map<string, T>();
        try {
          for await (const item of list()) if (item.name) byName.set(item.name.toLowerCase(), item);
        } catch (error) {
          // A resource group that is gone holds nothing.
          if (!isNotFound(error)) throw providerError(`listing ${kind}`, error);
        }
        return byName;
      })(),
    };
    next.byName.catch(() => snapshots.get(key) === next && snapshots.delete(key));
    snapshots.set(key, next as Snapshot<unknown>);
    snapshot = next;
  }
  return (await snapshot.byName).get(step.name.toLowerCase());
}
