import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { costTotal } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { azureCatalog } from './catalog';
import { azurePlan } from './plan';
import { AZURE_LOCATION_PRICES } from './prices';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/azure.yaml'), 'utf8');

function example(edit: (azure: Record<string, unknown>) => void = () => undefined): Cluster {
  const doc = structuredClone(parseCluster(EXAMPLE, { format: 'yaml' })) as unknown as { spec: { platform: { azure: Record<string, unknown> } } };
  edit(doc.spec.platform.azure);
  return parseCluster(JSON.stringify(doc), { format: 'json' });
}

function estimate(cluster: Cluster) {
  const plan = azurePlan(offlineContext({ cluster }));
  return { plan, costs: azureCatalog.estimate(cluster, plan) };
}

describe('the Azure estimate', () => {
  it('prices every step of the example plan once, with the free ones at 0', () => {
    const { plan, costs } = estimate(example());
    expect(costs.map((c) => c.stepId)).toEqual(plan.steps.map((s) => s.id));
    const byId = Object.fromEntries(costs.map((c) => [c.stepId, c]));
    for (const step of plan.steps) {
      if (['resource-group', 'network-security-group', 'virtual-network', 'network-interface', 'dns-record', 'private-dns-link'].includes(step.kind))
        expect(byId[step.id]?.monthlyCost, step.id).toBe(0);
    }
    // westeurope: Standard_D4s_v5 0.22 USD/h × 730 h + an 80 GiB OS disk as P10; Standard_D2s_v5 0.11 × 730 + 40 GiB as P6.
    expect(byId['machine/staging-cp-0']?.monthlyCost).toBe(182.28);
    expect(byId['machine/staging-default-0']?.monthlyCost).toBe(91.53);
    expect(byId['load-balancer/api-ip']?.monthlyCost).toBe(3.65);
    expect(byId['load-balancer/api']?.monthlyCost).toBe(18.25);
    expect(byId['load-balancer/api-internal']?.monthlyCost).toBe(18.25);
    expect(byId['dns/private-zone']?.monthlyCost).toBe(0.5);
    // The example maps large to Standard_E8s_v5, which the table does not price.
    expect(byId['machine/staging-memory-0']).toEqual({
      stepId: 'machine/staging-memory-0',
      monthlyCost: null,
      unpricedReason: expect.stringContaining('Standard_E8s_v5 is not in the price table'),
    });
  });

  it('totals the priced steps and names the unpriced ones', () => {
    // 3 × 182.28 + 3 × 91.53 + 3.65 + 2 × 18.25 + 0.50
    expect(costTotal(estimate(example()).costs)).toEqual({ monthlyTotal: 862.08, unpriced: ['machine/staging-memory-0'] });
  });

  it('uses the prices of the cluster location', () => {
    const { costs } = estimate(example((azure) => (azure['location'] = 'eastus')));
    // eastus: 0.192 USD/h × 730 + P10 at 19.71.
    expect(costs.find((c) => c.stepId === 'machine/staging-cp-0')?.monthlyCost).toBe(159.87);
  });

  it('leaves the machines of a location outside the table unpriced and still prices what costs the same everywhere', () => {
    const { costs } = estimate(example((azure) => (azure['location'] = 'brazilsouth')));
    expect(costs.find((c) => c.stepId === 'machine/staging-cp-0')?.unpricedReason).toContain('no prices for location brazilsouth');
    expect(costs.find((c) => c.stepId === 'load-balancer/api')?.monthlyCost).toBe(18.25);
  });

  it('has a price for every VM size the machine sizes map to, in every location of the table', () => {
    for (const [location, prices] of Object.entries(AZURE_LOCATION_PRICES))
      for (const m of azureCatalog.machineTypes) expect(prices.vmHour[m.type], `${m.type} in ${location}`).toBeGreaterThan(0);
  });
});
