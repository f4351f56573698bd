import { describe, expect, it } from 'vitest';
import { cidrContainsAddress } from '../net/cidr';
import { withDefaults } from '../parse-cluster';
import type { ClusterInput } from '../schema/cluster-schema';
import { awsSubnetPlan, awsZones, azureSubnetPlan, cloudPlacement } from './cloud-placement';

function cluster(spec: Partial<ClusterInput['spec']>) {
  return withDefaults({
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'demo' },
    spec: { baseDomain: 'example.com', ...spec } as ClusterInput['spec'],
  });
}

const threeZones = { aws: { region: 'us-east-2' } };

describe('cloudPlacement', () => {
  it('puts each AWS machine in its zone private subnet, control plane from .10 and workers from .20', () => {
    const c = cluster({
      platform: threeZones,
      controlPlane: { replicas: 3 },
      workers: [{ name: 'w', replicas: 4 }],
      networking: { machineCIDR: '10.0.0.0/16' },
    });
    expect(awsZones(c)).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
    const subnets = awsSubnetPlan(c);
    const placement = cloudPlacement(c);
    expect(placement.map((p) => `${p.name} ${p.zone} ${p.address}`)).toEqual([
      'demo-cp-0 us-east-2a 10.0.0.10',
      'demo-cp-1 us-east-2b 10.0.32.10',
      'demo-cp-2 us-east-2c 10.0.64.10',
      'demo-w-0 us-east-2a 10.0.0.20',
      'demo-w-1 us-east-2b 10.0.32.20',
      'demo-w-2 us-east-2c 10.0.64.20',
      'demo-w-3 us-east-2a 10.0.0.21',
    ]);
    for (const p of placement) {
      const zone = subnets.find((s) => s.zone === p.zone);
      expect(p.subnet).toBe(zone?.private);
      expect(cidrContainsAddress(p.subnet, p.address)).toBe(true);
    }
  });

  it('puts Azure control-plane machines in the first half of machineCIDR and workers in the second', () => {
    const c = cluster({
      platform: { azure: { subscriptionId: '6b2d9a3e-4f1c-4c8e-9d2a-1f0e7b5c3a91', location: 'westeurope' } } as ClusterInput['spec']['platform'],
      controlPlane: { replicas: 3 },
      workers: [{ name: 'w', replicas: 2 }],
      networking: { machineCIDR: '10.30.0.0/16' },
    });
    expect(azureSubnetPlan(c)).toEqual({ controlPlane: '10.30.0.0/17', worker: '10.30.128.0/17' });
    expect(cloudPlacement(c).map((p) => `${p.name} ${p.subnet} ${p.address}`)).toEqual([
      'demo-cp-0 10.30.0.0/17 10.30.0.10',
      'demo-cp-1 10.30.0.0/17 10.30.0.11',
      'demo-cp-2 10.30.0.0/17 10.30.0.12',
      'demo-w-0 10.30.128.0/17 10.30.128.20',
      'demo-w-1 10.30.128.0/17 10.30.128.21',
    ]);
  });

  it('keeps every machine of other clouds in machineCIDR', () => {
    const c = cluster({
      platform: { openstack: { cloud: 'prod', externalNetwork: 'public' } } as ClusterInput['spec']['platform'],
      controlPlane: { replicas: 1 },
      workers: [{ name: 'w', replicas: 2 }],
      networking: { machineCIDR: '10.1.0.0/24' },
    });
    expect(cloudPlacement(c).map((p) => p.address)).toEqual(['10.1.0.10', '10.1.0.20', '10.1.0.21']);
  });

  it('names machineCIDR when a zone subnet is too small for its machines', () => {
    const c = cluster({ platform: threeZones, workers: [{ name: 'w', replicas: 60 }], networking: { machineCIDR: '10.0.0.0/24' } });
    expect(() => cloudPlacement(c)).toThrow(
      /subnet 10\.0\.0\.0\/27 of zone us-east-2a has no room for demo-w-\d+ .*use a larger spec\.networking\.machineCIDR/,
    );
  });
});
