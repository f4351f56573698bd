import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCluster } from '../parse-cluster';

function local(addressRange: string, workers: number, podCIDR = '10.128.0.0/14') {
  return {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'demo' },
    spec: {
      platform: { local: { addressRange } },
      networking: { podCIDR },
      controlPlane: { replicas: 1 },
      workers: [{ name: 'default', replicas: workers }],
    },
  };
}

function problemAt(value: unknown, path: string): string | undefined {
  const result = validateCluster(value);
  return result.ok ? undefined : result.problems.find((p) => p.path === path)?.message;
}

const suggested = (message: string) => /such as (\S+)$/.exec(message)?.[1];

describe('range suggestions', () => {
  it('suggests a local address range that holds every machine', () => {
    fc.assert(
      fc.property(fc.integer({ min: 24, max: 30 }), fc.integer({ min: 1, max: 10_000 }), (prefix, workers) => {
        const message = problemAt(local(`127.1.0.0/${prefix}`, workers), 'spec.platform.local.addressRange');
        fc.pre(message !== undefined);
        const range = suggested(message!);
        expect(range, message).toBeDefined();
        expect(problemAt(local(range!, workers), 'spec.platform.local.addressRange')).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('suggests a pod network with a /24 for every node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 14, max: 24 }), fc.integer({ min: 1, max: 10_000 }), (prefix, workers) => {
        // A local range large enough for any count keeps that rule quiet.
        const message = problemAt(local('127.0.0.0/8', workers, `10.128.0.0/${prefix}`), 'spec.networking.podCIDR');
        fc.pre(message !== undefined);
        const range = suggested(message!);
        expect(range, message).toBeDefined();
        expect(problemAt(local('127.0.0.0/8', workers, range!), 'spec.networking.podCIDR')).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('names the size needed when the range of that size would overlap another network', () => {
    const message = problemAt(local('127.0.0.0/8', 2000, '10.4.0.0/24'), 'spec.networking.podCIDR');
    expect(message).toContain('use a /13 or larger range that overlaps no other network');
  });
});
