import { describe, expect, it } from 'vitest';
import { isSelfSettableLabel, splitSelfLabels } from './self-labels';

describe('isSelfSettableLabel (NodeRestriction)', () => {
  it.each([
    ['strata.dev/pool', true],
    ['tier', true],
    ['example.com/gpu', true],
    ['kubernetes.io/hostname', true],
    ['kubernetes.io/os', true],
    ['node.kubernetes.io/instance-type', true],
    ['node.kubernetes.io/anything', true],
    ['kubelet.kubernetes.io/anything', true],
    ['topology.kubernetes.io/zone', true],
    ['node-role.kubernetes.io/worker', false],
    ['node-role.kubernetes.io/control-plane', false],
    ['node-restriction.kubernetes.io/trusted', false],
    ['kubernetes.io/role', false],
    ['sub.k8s.io/x', false],
  ])('%s → %s', (key, allowed) => {
    expect(isSelfSettableLabel(key)).toBe(allowed);
  });

  it('splits labels into those the node sets and those left to an administrator', () => {
    expect(splitSelfLabels({ 'node-role.kubernetes.io/worker': '', 'strata.dev/pool': 'a' })).toEqual({
      allowed: { 'strata.dev/pool': 'a' },
      skipped: ['node-role.kubernetes.io/worker'],
    });
  });
});
