import { randomUUID } from 'node:crypto';
import { credentialValues, type Credential, type CredentialIdentity } from '@strata/driver-api';
import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import type { CreateCredential, CredentialSummary } from '@strata/install-contract';
import { LIVE_STATES } from '../store/installs-repo';
import { credentialFingerprint } from '../secrets/credential-box';
import type { ServiceContext } from './context';
import { driverOfPlatform } from './providers';

/** Asks the provider who a credential is; the provider's refusal is the caller's input problem. */
async function verify(platform: string, credential: Credential, platformSettings: Record<string, unknown>): Promise<CredentialIdentity> {
  const driver = await driverOfPlatform(platform);
  const catalog = driver.catalog;
  if (!catalog || catalog.credentialKinds.length === 0) {
    throw new InputError(`platform ${platform} takes no credentials`, [
      { path: 'platform', message: `the ${platform} driver needs no credential; install without one` },
    ]);
  }
  credentialValues(catalog.credentialKinds, credential);
  return catalog.verifyCredential(credential, { platform: platformSettings });
}

async function summaryOf(ctx: ServiceContext, id: string): Promise<CredentialSummary> {
  const stored = await ctx.store.credentials.get(id);
  if (!stored) throw new NotFoundError(`no credential ${id}`);
  return stored.summary;
}

/** Verifies a credential with its provider and, only when accepted, stores it sealed. */
export async function createCredential(ctx: ServiceContext, body: CreateCredential, user: string): Promise<CredentialSummary> {
  const platformSettings = body.platformSettings ?? {};
  const identity = await verify(body.platform, { kind: body.kind, values: body.values }, platformSettings);
  const id = `cred_${randomUUID()}`;
  const at = Date.now();
  await ctx.store.credentials.insert({
    id,
    platform: body.platform,
    kind: body.kind,
    name: body.name,
    fingerprint: credentialFingerprint(body.values),
    identity,
    sealed: ctx.box.seal(id, body.values),
    platformSettings,
    createdBy: user,
    at,
  });
  return summaryOf(ctx, id);
}

/** A stored credential's values, for a call to its provider. */
export async function openCredential(
  ctx: ServiceContext,
  id: string,
  field = 'credentialId',
): Promise<{ summary: CredentialSummary; credential: Credential; platformSettings: Record<string, unknown> }> {
  const stored = await ctx.store.credentials.get(id);
  if (!stored) throw new InputError(`no credential ${id}`, [{ path: field, message: `no stored credential has id ${id}; list them with GET /v1/credentials` }]);
  return {
    summary: stored.summary,
    credential: { kind: stored.summary.kind, values: ctx.box.open(id, stored.sealed) },
    platformSettings: stored.platformSettings,
  };
}

/** Asks the provider again who a stored credential is. */
export async function verifyStoredCredential(ctx: ServiceContext, id: string): Promise<CredentialSummary> {
  const stored = await ctx.store.credentials.get(id);
  if (!stored) throw new NotFoundError(`no credential ${id}`);
  const identity = await verify(stored.summary.platform, { kind: stored.summary.kind, values: ctx.box.open(id, stored.sealed) }, stored.platformSettings);
  await ctx.store.credentials.verified(id, identity, Date.now());
  return summaryOf(ctx, id);
}

/** Deletes a credential no unfinished install uses. */
export async function deleteCredential(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await ctx.store.credentials.get(id))) throw new NotFoundError(`no credential ${id}`);
  // An interrupted install is waiting to be resumed, with this credential.
  const users = (await ctx.store.installs.inStates([...LIVE_STATES, 'interrupted'])).filter((i) => i.credentialId === id);
  if (users.length > 0)
    throw new ConflictError(`credential ${id} is used by install ${users.map((i) => i.id).join(', ')}, which has not finished; wait for it or cancel it`);
  await ctx.store.credentials.delete(id);
}
