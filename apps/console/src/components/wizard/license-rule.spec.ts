import { describe, expect, it } from 'vitest';
import { validateCluster } from '@strata/cluster-config';
import { documentNodes, FREE_TIER_NODES, licenseRefusal } from './license-rule';
import { problemsOfStep, stepsFor } from './wizard-steps';

function cluster(workers: number) {
  const value = {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'big' },
    spec: { platform: { local: {} }, workers: [{ name: 'default', replicas: workers }] },
  };
  const result = validateCluster(value);
  return { value, cluster: result.ok ? result.cluster : undefined };
}

describe('the wizard’s license rule', () => {
  it.each([
    [9, '', undefined],
    [10, '', /more than the free tier of 10/],
    [10, 'eyJhbGciOiJFZERTQSJ9.e30.sig', undefined],
  ])('with %i workers and license %j refuses: %s', (workers, license, refusal) => {
    const { value, cluster: c } = cluster(workers);
    const nodes = documentNodes(c, value);
    expect(nodes).toBe(workers + 1);
    const answer = licenseRefusal(nodes, license);
    if (refusal) expect(answer).toMatch(refusal);
    else expect(answer).toBeUndefined();
  });

  it('counts what an invalid document asks for', () => {
    expect(documentNodes(undefined, { spec: { controlPlane: { replicas: 3 }, workers: [{ replicas: 4 }, { replicas: 'x' }] } })).toBe(7);
    expect(documentNodes(undefined, undefined)).toBe(3);
    expect(FREE_TIER_NODES).toBe(10);
  });
});

describe('the wizard’s steps', () => {
  it('asks for credentials on clouds only', () => {
    expect(stepsFor('local').map((s) => s.id)).not.toContain('credentials');
    expect(stepsFor('aws').map((s) => s.id)).toContain('credentials');
  });

  it('puts each problem on the step of its field', () => {
    const problems = [
      { path: 'spec.workers[1].replicas', message: 'a' },
      { path: 'spec.platform.aws.region', message: 'b' },
      { path: 'metadata.name', message: 'c' },
      { path: 'spec.networking.podCIDR', message: 'd' },
    ];
    expect(problemsOfStep('workers', problems).map((p) => p.message)).toEqual(['a']);
    expect(problemsOfStep('placement', problems).map((p) => p.message)).toEqual(['b']);
    expect(problemsOfStep('basics', problems).map((p) => p.message)).toEqual(['c']);
    expect(problemsOfStep('networking', problems).map((p) => p.message)).toEqual(['d']);
    expect(problemsOfStep('review', problems)).toHaveLength(4);
  });
});
