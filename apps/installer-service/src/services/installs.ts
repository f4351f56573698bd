import { createHash, randomUUID } from 'node:crypto';
import { platformOf } from '@strata/cluster-config';
import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { IDEMPOTENCY_HEADER, type CreateInstall, type InstallSnapshot, type InstallState } from '@strata/install-contract';
import { driverFor } from '@strata/install-engine';
import { isUniqueViolation } from '@strata/sql';
import type { InstallRecord } from '../store/installs-repo';
import type { ServiceContext } from './context';
import { openCredential } from './credentials';
import { documentHash, requireCluster } from './documents';
import { enforceLicense } from './license';

/** JSON with its object keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The install an install request is, or was already: `replay` when the key was seen with this body. */
export interface CreatedInstall {
  snapshot: InstallSnapshot;
  replay: boolean;
}

async function replayOf(ctx: ServiceContext, key: string, bodyHash: string): Promise<CreatedInstall | undefined> {
  const seen = await ctx.store.installs.idempotencyKey(key);
  if (!seen) return undefined;
  if (seen.bodyHash !== bodyHash) {
    throw new ConflictError(`Idempotency-Key ${key} was used for another install request (install ${seen.installId}); send a new key for a new request`);
  }
  return { snapshot: (await installOf(ctx, seen.installId)).snapshot, replay: true };
}

/**
 * Starts an install. Checked before anything starts, in this order, as `strata install` does:
 * the document (400 with every problem), the plan binding (409 when the document's hash is
 * not the plan's), the license (403), another live install of the cluster name (409), the
 * credential, and the driver's preflight (400 with its problems).
 */
export async function createInstall(ctx: ServiceContext, body: CreateInstall, key: string | undefined, user: string): Promise<CreatedInstall> {
  if (!key || !KEY.test(key)) {
    throw new InputError(`the ${IDEMPOTENCY_HEADER} header is required`, [
      { path: `headers.${IDEMPOTENCY_HEADER}`, message: 'must be a key of 1-200 printable characters, new for each install request (a UUID)' },
    ]);
  }
  const bodyHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const replay = await replayOf(ctx, key, bodyHash);
  if (replay) return replay;

  const format = body.format ?? 'yaml';
  const cluster = requireCluster(body.document, format);
  if (body.planId) {
    const plan = await ctx.store.plans.get(body.planId);
    if (!plan) throw new InputError(`no plan ${body.planId}`, [{ path: 'planId', message: `no plan has id ${body.planId}; make one with POST /v1/plans` }]);
    if (plan.documentHash !== documentHash(cluster)) {
      throw new ConflictError(`the document changed since plan ${plan.id} was made (hash ${plan.documentHash.slice(0, 12)}…); make a new plan and review it`);
    }
  }
  enforceLicense(cluster, body.license);
  const live = await ctx.store.installs.liveOf(cluster.metadata.name);
  if (live) throw new ConflictError(`install ${live.id} of cluster ${cluster.metadata.name} is ${live.state}; wait for it, or cancel it`);
  const platform = platformOf(cluster).name;
  const credential = body.credentialId ? await openCredential(ctx, body.credentialId) : undefined;
  if (credential && credential.summary.platform !== platform) {
    throw new InputError(`credential ${credential.summary.id} is for ${credential.summary.platform}, not ${platform}`, [
      { path: 'credentialId', message: `names a ${credential.summary.platform} credential; choose one for ${platform}` },
    ]);
  }
  const driver = await driverFor(cluster);
  const problems = (await driver.preflight?.(cluster, '', credential?.credential)) ?? [];
  if (problems.length > 0) throw new InputError(`the ${driver.platform} platform cannot host this cluster`, problems);

  const now = new Date().toISOString();
  const id = randomUUID();
  const record: InstallRecord = {
    id,
    cluster: cluster.metadata.name,
    platform,
    state: 'pending',
    operation: 'install',
    document: body.document,
    format,
    credentialId: body.credentialId ?? null,
    license: body.license ?? null,
    snapshot: {
      id,
      cluster: cluster.metadata.name,
      platform,
      until: body.until ?? 'ready',
      state: 'pending',
      createdAt: now,
      createdBy: user,
      updatedAt: now,
      phases: [],
      steps: [],
      machines: [],
      lastSeq: 0,
    },
  };
  try {
    await ctx.store.db.transaction(async (tx) => {
      // Checked again inside the write, so two requests at once cannot both start the cluster.
      const again = await ctx.store.installs.liveOf(record.cluster, tx);
      if (again) throw new ConflictError(`install ${again.id} of cluster ${record.cluster} is ${again.state}; wait for it, or cancel it`);
      await ctx.store.installs.insert(record, { key, bodyHash, user }, tx);
    });
  } catch (error) {
    // The same key sent twice at once: the second answers the first's install.
    const replayed = isUniqueViolation(error) ? await replayOf(ctx, key, bodyHash) : undefined;
    if (replayed) return replayed;
    throw error;
  }
  const { install } = await ctx.store.append(id, [{ type: 'state', state: 'pending' }]);
  ctx.runner.start(install);
  return { snapshot: install.snapshot, replay: false };
}

export async function installOf(ctx: ServiceContext, id: string): Promise<InstallRecord> {
  const install = await ctx.store.installs.get(id);
  if (!install) throw new NotFoundError(`no install ${id}`);
  return install;
}

function refuseUnless(install: InstallRecord, states: readonly InstallState[], what: string): void {
  if (!states.includes(install.state))
    throw new ConflictError(`install ${install.id} is ${install.state}; only an install that is ${states.join(' or ')} can be ${what}`);
}

/** Cancels a pending or running install: its worker aborts and ends it `cancelled`. */
export async function cancelInstall(ctx: ServiceContext, id: string): Promise<InstallSnapshot> {
  await installOf(ctx, id);
  const running = ctx.runner.isRunning(id);
  const { install } = await ctx.store.append(id, [{ type: 'state', state: running ? 'cancelling' : 'cancelled' }], (i) =>
    refuseUnless(i, ['pending', 'running'], 'cancelled'),
  );
  ctx.runner.cancel(id);
  return install.snapshot;
}

/** Runs an interrupted, failed or cancelled install (or destroy) again; the journal finishes it without duplicates. */
export async function resumeInstall(ctx: ServiceContext, id: string): Promise<InstallSnapshot> {
  const current = await installOf(ctx, id);
  refuseUnless(current, ['interrupted', 'failed', 'cancelled'], 'resumed');
  const live = await ctx.store.installs.liveOf(current.cluster);
  if (live) throw new ConflictError(`install ${live.id} of cluster ${current.cluster} is ${live.state}; wait for it, or cancel it`);
  const state = current.operation === 'destroy' ? 'destroying' : 'pending';
  const { install } = await ctx.store.append(id, [{ type: 'state', state }], (i) => refuseUnless(i, ['interrupted', 'failed', 'cancelled'], 'resumed'));
  ctx.runner.start(install);
  return install.snapshot;
}

/** Destroys what an install built, as `strata destroy` does; the typed cluster name must match. */
export async function destroyInstall(ctx: ServiceContext, id: string, confirm: string): Promise<InstallSnapshot> {
  const current = await installOf(ctx, id);
  if (confirm !== current.cluster) {
    throw new InputError(`confirm must be the cluster's name, ${current.cluster}`, [
      { path: 'confirm', message: `type the cluster name "${current.cluster}" to destroy it` },
    ]);
  }
  const endable: InstallState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];
  refuseUnless(current, endable, 'destroyed (cancel a running install first)');
  await ctx.store.installs.setOperation(id, 'destroy');
  const { install } = await ctx.store.append(id, [{ type: 'state', state: 'destroying' }], (i) => refuseUnless(i, endable, 'destroyed'));
  ctx.runner.start(install);
  return install.snapshot;
}
