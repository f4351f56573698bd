import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from '@strata/azure-arm-server';
import { writeAssetDirectory } from '@strata/bootstrap';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { applyPlan, destroyAll, type Credential, type DriverContext } from '@strata/driver-api';
import { rejectionOf, withoutEnv } from '@strata/driver-api/conformance';
import { InputError, ProviderError } from '@strata/errors';
import { findFreePort } from '@strata/toolchain';
import { azureDriver } from './azure-driver';
import { azureCatalog } from './catalog';
import { armPlatform, azureContext, createPublicZone } from './testing';

const work = mkdtempSync(join(tmpdir(), 'strata-azure-catalog-'));
let arm: ArmServer;
let restoreEnv: () => void = () => undefined;

function principal(edit: Partial<Record<'tenantId' | 'clientId' | 'clientSecret' | 'subscriptionId', string>> = {}): Credential {
  return {
    kind: 'service-principal',
    values: { tenantId: arm.tenantId, clientId: arm.clientId, clientSecret: arm.clientSecret, subscriptionId: arm.subscriptionId, ...edit },
  };
}

/** The platform section of a form: where the test server's ARM and sign-in endpoints are. */
const at = (location?: string) => ({ ...(location ? { location } : {}), endpoints: { resourceManager: arm.url, activeDirectory: arm.authorityHost } });

beforeAll(async () => {
  // No AZURE_* variable: the environment's credential is a managed identity or an Azure CLI
  // login, neither of which exists here, so whatever gets through used the given credential.
  restoreEnv = withoutEnv('AZURE_');
  process.env['STRATA_AZURE_POLL_INTERVAL_MS'] = '25';
  arm = await startArmServer({ asyncDelayMs: 5 });
  await createPublicZone(arm, 'example.com');
}, 60_000);

afterAll(async () => {
  await arm?.close();
  restoreEnv();
  rmSync(work, { recursive: true, force: true });
});

describe('the Azure catalog on the ARM test server', () => {
  it('verifies a service principal: a token for it, then its subscription', async () => {
    const identity = await azureCatalog.verifyCredential(principal(), { platform: at() });
    expect(identity).toEqual({
      account: arm.subscriptionId,
      principal: arm.clientId,
      display: `service principal ${arm.clientId} in Strata test subscription (${arm.subscriptionId})`,
    });
  });

  it.each([
    ['a wrong client secret', { clientSecret: 'not-the-secret-of-this-app' }, 'values.clientSecret', 'AADSTS7000215'],
    ['an unknown client id', { clientId: '11111111-2222-4333-8444-555555555555' }, 'values.clientId', 'AADSTS700016'],
    ['a subscription it cannot see', { subscriptionId: '99999999-0000-4000-8000-000000000009' }, 'values.subscriptionId', 'SubscriptionNotFound'],
  ])('refuses %s with an input error naming the field, without the secret', async (_, edit, path, code) => {
    const credential = principal(edit);
    const error = await rejectionOf(azureCatalog.verifyCredential(credential, { platform: at() }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(code);
    expect(error.problems.map((p) => p.path)).toEqual([path]);
    const answer = JSON.stringify({ message: error.message, problems: error.problems });
    expect(answer).not.toContain(credential.values['clientSecret']);
  });

  it('refuses an incomplete credential before signing in', async () => {
    const error = await rejectionOf(azureCatalog.verifyCredential({ kind: 'service-principal', values: { tenantId: arm.tenantId } }, { platform: at() }));
    expect(error.problems.map((p) => p.path)).toEqual(['values.clientId', 'values.clientSecret', 'values.subscriptionId']);
  });

  it('answers a ProviderError when the sign-in endpoint does not answer', async () => {
    const closed = `https://127.0.0.1:${await findFreePort()}`;
    const error = await rejectionOf(
      azureCatalog.verifyCredential(principal(), { platform: { endpoints: { resourceManager: closed, activeDirectory: closed } } }),
    );
    expect(error).toBeInstanceOf(ProviderError);
  });

  it('looks up locations, the VM sizes of the call location and the public DNS zones with the call credential', async () => {
    const call = { credential: principal(), platform: at('westeurope') };
    expect(await azureCatalog.lookup('locations', call)).toEqual([
      { value: 'eastus', title: 'East US' },
      { value: 'westeurope', title: 'West Europe' },
    ]);
    const sizes = await azureCatalog.lookup('vm-sizes', call);
    expect(sizes.map((s) => s.value)).toEqual(expect.arrayContaining(azureCatalog.machineTypes.map((m) => m.type)));
    expect(sizes.find((s) => s.value === 'Standard_D4s_v5')?.title).toBe('Standard_D4s_v5 (4 vCPUs, 16 GiB)');
    expect(await azureCatalog.lookup('dns-zones', call)).toEqual([{ value: 'example.com', title: 'example.com (resource group dns)' }]);
  });

  it('refuses a lookup with a refused secret as the credential, and vm-sizes without a location as the platform', async () => {
    const refused = await rejectionOf(azureCatalog.lookup('dns-zones', { credential: principal({ clientSecret: 'wrong-secret-value' }), platform: at() }));
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.problems.map((p) => p.path)).toEqual(['values.clientSecret']);
    const noLocation = await rejectionOf(azureCatalog.lookup('vm-sizes', { credential: principal(), platform: at() }));
    expect(noLocation.problems).toEqual([{ path: 'platform.location', message: expect.stringContaining('choose a location') }]);
  });
});

describe('an Azure install with the credential of its context', () => {
  function cluster(): Cluster {
    return parseCluster(
      JSON.stringify({
        apiVersion: 'strata.dev/v1alpha1',
        kind: 'Cluster',
        metadata: { name: 'stored-sp' },
        spec: {
          baseDomain: 'example.com',
          platform: { azure: armPlatform(arm) },
          controlPlane: { replicas: 1, machineType: 'small' },
          workers: [{ name: 'default', replicas: 1, machineType: 'small' }],
          networking: { machineCIDR: '10.60.0.0/16' },
        },
      }),
      { format: 'json' },
    );
  }

  async function context(c: Cluster, credential: Credential): Promise<DriverContext> {
    const dir = join(work, 'assets');
    const { manifest } = await writeAssetDirectory(dir, c);
    return {
      ...azureContext({ cluster: JSON.stringify(c), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') }),
      credential,
    };
  }

  it('preflights, applies and destroys with the context service principal and no AZURE_* variables', async () => {
    const c = cluster();
    const wrongSecret = await azureDriver.preflight?.(c, 'x', principal({ clientSecret: 'wrong-secret-value' }));
    expect(wrongSecret).toEqual([{ path: 'spec.platform.azure', message: expect.stringContaining('stored service principal') }]);
    expect(JSON.stringify(wrongSecret)).not.toContain('wrong-secret-value');
    const otherSubscription = await azureDriver.preflight?.(c, 'x', principal({ subscriptionId: '99999999-0000-4000-8000-000000000009' }));
    expect(otherSubscription?.map((p) => p.path)).toEqual(['spec.platform.azure.subscriptionId']);

    const ctx = await context(c, principal());
    expect(await azureDriver.validate(ctx)).toEqual([]);
    const plan = azureDriver.plan(ctx);
    const applied = await applyPlan(azureDriver, ctx, plan);
    expect(applied.created).toHaveLength(plan.steps.length);
    expect((await azureDriver.listMachines(ctx)).map((m) => m.state)).toEqual(['running', 'running']);
    const group = arm.resources().filter((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.name === 'stored-sp-rg');
    expect(group).toHaveLength(1);

    // Without the credential the driver falls back to the environment, which has none here.
    const bare = { ...ctx };
    delete bare.credential;
    await expect(azureDriver.listMachines(bare)).rejects.toThrow();

    await destroyAll(azureDriver, ctx, plan);
    expect(await azureDriver.sweep(ctx)).toEqual([]);
    expect(arm.resources().filter((r) => r.id.toLowerCase().includes('/resourcegroups/stored-sp-rg'))).toEqual([]);
  }, 180_000);
});
