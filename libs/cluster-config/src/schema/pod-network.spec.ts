import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { parseCluster } from '../parse-cluster';

function doc(networking: string, workers = 2): string {
  return `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: demo
spec:
  platform:
    local: {}
  workers:
    - name: default
      replicas: ${workers}
  networking:
${networking
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
}

function problems(text: string): { path: string; message: string }[] {
  return rawProblems(text).map((p) => ({ path: p.path, message: p.message }));
}

function rawProblems(text: string): { path: string; message: string }[] {
  try {
    parseCluster(text);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the document to be refused');
}

describe('spec.networking add-on settings', () => {
  it('defaults to flannel and kube-proxy in iptables mode', () => {
    const cluster = parseCluster(doc('podCIDR: 10.128.0.0/14'));
    expect(cluster.spec.networking.network).toBe('flannel');
    expect(cluster.spec.networking.proxyMode).toBe('iptables');
  });

  it('takes calico and nftables', () => {
    const cluster = parseCluster(doc('network: calico\nproxyMode: nftables'));
    expect(cluster.spec.networking).toMatchObject({ network: 'calico', proxyMode: 'nftables' });
  });

  it('refuses an unknown network with its path and the choices', () => {
    const found = problems(doc('network: weave'));
    expect(found).toEqual([{ path: 'spec.networking.network', message: 'must be one of "flannel", "calico"; got "weave"' }]);
  });

  it('refuses an unknown proxy mode with its path', () => {
    expect(problems(doc('proxyMode: ipvs'))).toEqual([{ path: 'spec.networking.proxyMode', message: expect.stringContaining('nftables') }]);
  });

  it('refuses a podCIDR flannel cannot use and names the fix; Calico takes the same range', () => {
    expect(problems(doc('podCIDR: 10.128.0.0/23'))).toEqual([
      {
        path: 'spec.networking.podCIDR',
        message:
          '10.128.0.0/23 is too small for the flannel pod network: flannel needs room for at least four /24 node subnets; use a /22 or larger range such as 10.128.0.0/22',
      },
    ]);
    expect(parseCluster(doc('network: calico\npodCIDR: 10.128.0.0/23', 1)).spec.networking.podCIDR).toBe('10.128.0.0/23');
  });

  it('refuses a clusterDomain that is not a DNS name', () => {
    expect(problems(doc('clusterDomain: "cluster_local"'))).toEqual([{ path: 'spec.networking.clusterDomain', message: expect.any(String) }]);
    expect(problems(doc('clusterDomain: "-bad.local"'))).toEqual([{ path: 'spec.networking.clusterDomain', message: expect.any(String) }]);
  });
});
