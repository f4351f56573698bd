import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { costTotal } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { awsCatalog } from './catalog';
import { awsPlan } from './plan';
import { AWS_REGION_PRICES } from './prices';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/aws.yaml'), 'utf8');

function example(edit: (aws: Record<string, unknown>) => void = () => undefined): Cluster {
  const doc = structuredClone(parseCluster(EXAMPLE, { format: 'yaml' })) as unknown as { spec: { platform: { aws: Record<string, unknown> } } };
  edit(doc.spec.platform.aws);
  return parseCluster(JSON.stringify(doc), { format: 'json' });
}

function estimate(cluster: Cluster) {
  const plan = awsPlan(offlineContext({ cluster }));
  return { plan, costs: awsCatalog.estimate(cluster, plan) };
}

describe('the AWS estimate', () => {
  it('prices every step of the example plan once, free resources at 0 and the bucket explicitly unpriced', () => {
    const { plan, costs } = estimate(example());
    expect(costs.map((c) => c.stepId)).toEqual(plan.steps.map((s) => s.id));
    const byId = Object.fromEntries(costs.map((c) => [c.stepId, c]));
    for (const step of plan.steps) {
      if (['vpc', 'internet-gateway', 'subnet', 'route-table', 'security-group', 'instance-role'].includes(step.kind))
        expect(byId[step.id]?.monthlyCost, step.id).toBe(0);
    }
    // eu-central-1: m6i.xlarge 0.23 USD/h × 730 h + 80 GiB gp3 at 0.0952; m6i.2xlarge 0.46 × 730 + 120 GiB.
    expect(byId['machine/prod-eu-cp-0']?.monthlyCost).toBe(175.52);
    expect(byId['machine/prod-eu-batch-0']?.monthlyCost).toBe(347.22);
    expect(byId['network/nat-gateway']?.monthlyCost).toBe(37.96);
    expect(byId['network/nat-eip']?.monthlyCost).toBe(3.65);
    // The NLB's hours and one public IPv4 address in each of its three subnets.
    expect(byId['load-balancer/api']?.monthlyCost).toBe(30.66);
    expect(byId['dns/api-int']?.monthlyCost).toBe(0.5);
    expect(byId['dns/api']?.monthlyCost).toBe(0);
    expect(byId['storage/ignition-bucket']).toMatchObject({ monthlyCost: null, unpricedReason: expect.stringContaining('per GiB stored') });
    for (const c of costs) if (c.monthlyCost === null) expect(c.unpricedReason, c.stepId).toBeTruthy();
  });

  it('totals the priced steps and names the unpriced ones', () => {
    const { costs } = estimate(example());
    // 6 × 175.52 + 2 × 347.22 + 37.96 + 3.65 + 30.66 + 0.50
    expect(costTotal(costs)).toEqual({ monthlyTotal: 1820.33, unpriced: ['storage/ignition-bucket'] });
  });

  it('uses the prices of the cluster region', () => {
    const { costs } = estimate(example((aws) => Object.assign(aws, { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] })));
    // us-east-1: m6i.xlarge 0.192 USD/h × 730 + 80 GiB × 0.08.
    expect(costs.find((c) => c.stepId === 'machine/prod-eu-cp-0')?.monthlyCost).toBe(146.56);
    expect(costs.find((c) => c.stepId === 'network/nat-gateway')?.monthlyCost).toBe(32.85);
  });

  it('leaves an instance type outside the table unpriced instead of guessing', () => {
    const { costs } = estimate(example((aws) => (aws['instanceTypes'] = { large: 'c7g.4xlarge' })));
    const batch = costs.find((c) => c.stepId === 'machine/prod-eu-batch-0');
    expect(batch).toEqual({
      stepId: 'machine/prod-eu-batch-0',
      monthlyCost: null,
      unpricedReason: expect.stringContaining('c7g.4xlarge is not in the price table'),
    });
    expect(costs.find((c) => c.stepId === 'machine/prod-eu-cp-0')?.monthlyCost).toBe(175.52);
  });

  it('leaves every charged step of a region outside the table unpriced, and the free ones at 0', () => {
    const { costs } = estimate(example((aws) => Object.assign(aws, { region: 'ap-south-2', zones: ['ap-south-2a', 'ap-south-2b', 'ap-south-2c'] })));
    expect(AWS_REGION_PRICES['ap-south-2']).toBeUndefined();
    expect(costs.find((c) => c.stepId === 'network/vpc')?.monthlyCost).toBe(0);
    for (const id of ['machine/prod-eu-cp-0', 'network/nat-gateway', 'load-balancer/api', 'network/nat-eip'])
      expect(costs.find((c) => c.stepId === id)?.unpricedReason, id).toContain('no prices for region ap-south-2');
  });

  it('has a price for every instance type the machine sizes map to, in every region of the table', () => {
    for (const [region, prices] of Object.entries(AWS_REGION_PRICES))
      for (const m of awsCatalog.machineTypes) expect(prices.instanceHour[m.type], `${m.type} in ${region}`).toBeGreaterThan(0);
  });
});
