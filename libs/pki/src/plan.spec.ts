import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { resolvePkiPlan, type PkiPlan } from './plan';
import { singleMachinePlan, threeMemberPlan } from './testing/plans';

function problemsOf(plan: PkiPlan): { path: string; message: string }[] {
  try {
    resolvePkiPlan(plan);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the plan to be rejected');
}

describe('resolvePkiPlan', () => {
  it('fills in the defaults', () => {
    const resolved = resolvePkiPlan(singleMachinePlan({ now: undefined }));
    expect(resolved.validityDays).toBe(365);
    expect(resolved.caValidityDays).toBe(3650);
    expect(resolved.localApiServerPort).toBe(6443);
    expect(resolved.now).toBeInstanceOf(Date);
    expect(resolved.controlPlane[0]?.dnsNames).toEqual([]);
  });

  it('adds the API URL host to the API names once', () => {
    const resolved = resolvePkiPlan(threeMemberPlan());
    expect(resolved.apiServer.dnsNames).toEqual(['api.demo.example.com']);
    expect(resolved.apiServer.ipAddresses).toEqual(['10.0.0.5']);
  });

  it.each([
    ['https://127.0.0.2:6443', [], ['127.0.0.2']],
    ['https://[fd00::1]:6443', [], ['fd00::1']],
    ['https://lb.example.com', ['lb.example.com'], []],
  ])('takes the host of %s as a SAN', (url, dnsNames, ipAddresses) => {
    const resolved = resolvePkiPlan(singleMachinePlan({ apiServer: { url, dnsNames: [], ipAddresses: [] } }));
    expect(resolved.apiServer.dnsNames).toEqual(dnsNames);
    expect(resolved.apiServer.ipAddresses).toEqual(ipAddresses);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(threeMemberPlan({ clusterName: '', firstServiceIP: 'x', nodes: [{ name: '', address: '1.2.3' }] }));
    expect(problems.map((p) => p.path)).toEqual(['clusterName', 'firstServiceIP', 'nodes[0].name', 'nodes[0].address']);
  });

  it.each<[string, Partial<PkiPlan>, string, RegExp]>([
    ['an empty cluster name', { clusterName: '' }, 'clusterName', /non-empty/],
    ['an upper-case cluster name', { clusterName: 'Demo' }, 'clusterName', /label/],
    ['a bad cluster domain', { clusterDomain: 'cluster_local' }, 'clusterDomain', /DNS name/],
    ['a bad first service IP', { firstServiceIP: '172.30.0.300' }, 'firstServiceIP', /not an IPv4 or IPv6/],
    ['a plain-http API URL', { apiServer: { url: 'http://api:6443', dnsNames: [], ipAddresses: [] } }, 'apiServer.url', /https/],
    ['a non-URL', { apiServer: { url: 'api:6443:x', dnsNames: [], ipAddresses: [] } }, 'apiServer.url', /https|URL/],
    ['a bad API address', { apiServer: { url: 'https://api', dnsNames: [], ipAddresses: ['10.0.0'] } }, 'apiServer.ipAddresses[0]', /not an IPv4/],
    ['a bad API name', { apiServer: { url: 'https://api', dnsNames: ['-bad-'], ipAddresses: [] } }, 'apiServer.dnsNames[0]', /DNS name/],
    ['no control plane', { controlPlane: [] }, 'controlPlane', /at least one/],
    ['an empty member name', { controlPlane: [{ name: '', address: '10.0.0.1' }] }, 'controlPlane[0].name', /non-empty/],
    ['a member name with a slash', { controlPlane: [{ name: 'a/b', address: '10.0.0.1' }] }, 'controlPlane[0].name', /machine name/],
    ['a bad member address', { controlPlane: [{ name: 'cp', address: 'cp.local' }] }, 'controlPlane[0].address', /not an IPv4/],
    ['a bad member DNS name', { controlPlane: [{ name: 'cp', address: '10.0.0.1', dnsNames: ['UPPER'] }] }, 'controlPlane[0].dnsNames[0]', /DNS name/],
    [
      'duplicate members',
      {
        controlPlane: [
          { name: 'cp', address: '10.0.0.1' },
          { name: 'cp', address: '10.0.0.2' },
        ],
        nodes: [],
      },
      'controlPlane[1].name',
      /duplicate/,
    ],
    ['an empty node name', { nodes: [{ name: ' ', address: '10.0.0.1' }] }, 'nodes[0].name', /non-empty/],
    ['a bad node address', { nodes: [{ name: 'w', address: '10.0.0.256' }] }, 'nodes[0].address', /not an IPv4/],
    ['a node whose address differs from its member entry', { nodes: [{ name: 'solo-0', address: '127.0.0.9' }] }, 'nodes[0].address', /differs/],
    ['zero validity', { validityDays: 0 }, 'validityDays', /whole number/],
    ['fractional validity', { validityDays: 1.5 }, 'validityDays', /whole number/],
    ['a bad port', { localApiServerPort: 70000 }, 'localApiServerPort', /whole number/],
    ['an invalid date', { now: new Date('nope') }, 'now', /valid Date/],
  ])('rejects %s, naming the field', (_what, overrides, path, message) => {
    const problems = problemsOf(singleMachinePlan(overrides));
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('rejects a plan that is not an object', () => {
    expect(() => resolvePkiPlan(null as unknown as PkiPlan)).toThrow(InputError);
  });

  it('says which list is not a list', () => {
    const problems = problemsOf(singleMachinePlan({ nodes: 'w1' as unknown as PkiPlan['nodes'] }));
    expect(problems).toContainEqual({ path: 'nodes', message: 'must be a list' });
  });
});
