import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import { costTotal } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { InputError } from '@strata/errors';
import { localCatalog } from './catalog';
import { localDriver } from './local-driver';

const cluster = parseCluster(readFileSync(join(import.meta.dirname, '../../../examples/local.yaml'), 'utf8'), { format: 'yaml' });

describe('the local catalog', () => {
  it('is the driver catalog, takes no credential, has no lookups and no prices', () => {
    expect(localDriver.catalog).toBe(localCatalog);
    expect(localCatalog).toMatchObject({ title: 'Local machine', credentialKinds: [], lookups: [], prices: null });
    expect(localCatalog.machineTypes.map((m) => m.size)).toEqual(['small', 'medium', 'large']);
  });

  it('estimates every step of a plan at 0', () => {
    const plan = localDriver.plan(offlineContext({ cluster }));
    const costs = localCatalog.estimate(cluster, plan);
    expect(costs).toEqual(plan.steps.map((s) => ({ stepId: s.id, monthlyCost: 0 })));
    expect(costTotal(costs)).toEqual({ monthlyTotal: 0, unpriced: [] });
  });

  it('refuses to verify a credential or answer a lookup, with an input error', async () => {
    await expect(localCatalog.verifyCredential({ kind: 'access-key', values: {} }, {})).rejects.toBeInstanceOf(InputError);
    await expect(localCatalog.lookup('regions', {})).rejects.toMatchObject({ kind: 'input', problems: [{ path: 'lookup' }] });
  });
});
