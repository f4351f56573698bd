import { ConflictError, InputError } from '@strata/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCa, issueLeaf, loadIssuer } from './certificate';
import { generatePki } from './generate';
import { CLIENT_AUTH, SERVER_AUTH, extendedUsagesOf, parseCert, sansOf, subjectOf } from './testing/inspect';
import { TEST_NOW, singleMachinePlan, threeMemberPlan } from './testing/plans';
import type { PkiBundle } from './types';

const DAY = 24 * 60 * 60 * 1000;

async function signedBy(certPem: string, caPem: string): Promise<boolean> {
  const ca = parseCert(caPem);
  const cert = parseCert(certPem);
  return cert.issuer === ca.subject && cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}

describe('generatePki', () => {
  let bundle: PkiBundle;
  beforeAll(async () => {
    bundle = await generatePki(threeMemberPlan());
  });

  it('creates the three CAs under their kubeadm names', () => {
    expect(subjectOf(bundle.ca.certPem)).toBe('CN=kubernetes');
    expect(subjectOf(bundle.etcdCa.certPem)).toBe('CN=etcd-ca');
    expect(subjectOf(bundle.frontProxyCa.certPem)).toBe('CN=front-proxy-ca');
  });

  it('creates a PEM service-account key pair', () => {
    expect(bundle.serviceAccount.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(bundle.serviceAccount.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('gives each of the 3 members an etcd server and peer certificate with its own SANs', async () => {
    expect(Object.keys(bundle.etcdServer).sort()).toEqual(['cp-0', 'cp-1', 'cp-2']);
    expect(Object.keys(bundle.etcdPeer).sort()).toEqual(['cp-0', 'cp-1', 'cp-2']);
    expect(sansOf(bundle.etcdServer['cp-0']!.certPem)).toEqual(['dns:cp-0', 'dns:cp-0.demo.internal', 'dns:localhost', 'ip:10.0.0.10', 'ip:127.0.0.1'].sort());
    expect(sansOf(bundle.etcdServer['cp-1']!.certPem)).toEqual(['dns:cp-1', 'dns:localhost', 'ip:10.0.0.11', 'ip:127.0.0.1']);
    expect(sansOf(bundle.etcdPeer['cp-2']!.certPem)).toEqual(['dns:cp-2', 'ip:10.0.0.12']);
    for (const member of ['cp-0', 'cp-1', 'cp-2']) {
      for (const pair of [bundle.etcdServer[member]!, bundle.etcdPeer[member]!]) {
        expect(subjectOf(pair.certPem)).toBe(`CN=${member}`);
        expect(extendedUsagesOf(pair.certPem)).toEqual([SERVER_AUTH, CLIENT_AUTH].sort());
        expect(await signedBy(pair.certPem, bundle.etcdCa.certPem)).toBe(true);
      }
    }
  });

  it('gives each member an API server certificate for the service, the endpoint and itself', async () => {
    expect(sansOf(bundle.apiServer['cp-1']!.certPem)).toEqual(
      [
        'dns:kubernetes',
        'dns:kubernetes.default',
        'dns:kubernetes.default.svc',
        'dns:kubernetes.default.svc.cluster.local',
        'dns:api.demo.example.com',
        'dns:cp-1',
        'dns:localhost',
        'ip:172.30.0.1',
        'ip:10.0.0.5',
        'ip:10.0.0.11',
        'ip:127.0.0.1',
      ].sort(),
    );
    expect(sansOf(bundle.apiServer['cp-0']!.certPem)).toContain('dns:cp-0.demo.internal');
    expect(extendedUsagesOf(bundle.apiServer['cp-0']!.certPem)).toEqual([SERVER_AUTH]);
    expect(await signedBy(bundle.apiServer['cp-2']!.certPem, bundle.ca.certPem)).toBe(true);
  });

  it.each<[string, (b: PkiBundle) => string, string, 'ca' | 'etcdCa' | 'frontProxyCa']>([
    ['admin', (b) => b.admin.certPem, 'O=system:masters, CN=kubernetes-admin', 'ca'],
    ['controller-manager', (b) => b.controllerManager.certPem, 'CN=system:kube-controller-manager', 'ca'],
    ['scheduler', (b) => b.scheduler.certPem, 'CN=system:kube-scheduler', 'ca'],
    ['apiserver-kubelet-client', (b) => b.apiServerKubeletClient.certPem, 'O=system:masters, CN=kube-apiserver-kubelet-client', 'ca'],
    ['apiserver-etcd-client', (b) => b.apiServerEtcdClient.certPem, 'CN=kube-apiserver-etcd-client', 'etcdCa'],
    ['etcd healthcheck', (b) => b.etcdHealthcheckClient.certPem, 'CN=kube-etcd-healthcheck-client', 'etcdCa'],
    ['front-proxy-client', (b) => b.frontProxyClient.certPem, 'CN=front-proxy-client', 'frontProxyCa'],
    ['node worker-a', (b) => b.kubeletClient['worker-a']!.certPem, 'O=system:nodes, CN=system:node:worker-a', 'ca'],
    ['node cp-0', (b) => b.kubeletClient['cp-0']!.certPem, 'O=system:nodes, CN=system:node:cp-0', 'ca'],
  ])('issues the %s client certificate from the right CA', async (_name, pick, subject, ca) => {
    const pem = pick(bundle);
    expect(subjectOf(pem)).toBe(subject);
    expect(extendedUsagesOf(pem)).toEqual([CLIENT_AUTH]);
    expect(sansOf(pem)).toEqual([]);
    expect(await signedBy(pem, bundle[ca].certPem)).toBe(true);
  });

  it('gives every node a kubelet serving certificate for its name and address', () => {
    expect(Object.keys(bundle.kubeletServing)).toEqual(['cp-0', 'cp-1', 'cp-2', 'worker-a', 'worker-b']);
    expect(sansOf(bundle.kubeletServing['worker-b']!.certPem)).toEqual(['dns:worker-b', 'ip:10.0.1.2']);
    expect(extendedUsagesOf(bundle.kubeletServing['worker-b']!.certPem)).toEqual([SERVER_AUTH]);
  });

  it('uses the configured validity: leaves 365 days by default, CAs 3650', async () => {
    expect(parseCert(bundle.ca.certPem).notAfter.getTime()).toBe(TEST_NOW.getTime() + 3650 * DAY);
    expect(parseCert(bundle.admin.certPem).notAfter.getTime()).toBe(TEST_NOW.getTime() + 365 * DAY);
    const short = await generatePki(singleMachinePlan({ validityDays: 30 }));
    expect(parseCert(short.admin.certPem).notAfter.getTime()).toBe(TEST_NOW.getTime() + 30 * DAY);
  });

  it('points admin and kubelets at the endpoint, controller-manager and scheduler at their own member', () => {
    const server = (yaml: string | undefined) => parse(yaml!).clusters[0].cluster.server;
    expect(server(bundle.kubeconfigs.admin)).toBe('https://api.demo.example.com:6443');
    expect(server(bundle.kubeconfigs.kubelet['worker-a'])).toBe('https://api.demo.example.com:6443');
    expect(server(bundle.kubeconfigs.controllerManager['cp-1'])).toBe('https://10.0.0.11:6443');
    expect(server(bundle.kubeconfigs.scheduler['cp-2'])).toBe('https://10.0.0.12:6443');
    expect(parse(bundle.kubeconfigs.kubelet['worker-b']!).users[0].name).toBe('system:node:worker-b');
  });

  it('brackets an IPv6 member address in the local URL and honours the port', async () => {
    const plan = singleMachinePlan({
      controlPlane: [{ name: 'v6', address: 'fd00::10' }],
      nodes: [],
      localApiServerPort: 7443,
    });
    const v6 = await generatePki(plan);
    expect(parse(v6.kubeconfigs.scheduler.v6!).clusters[0].cluster.server).toBe('https://[fd00::10]:7443');
    expect(sansOf(v6.apiServer.v6!.certPem)).toContain('ip:fd00::10');
  });

  it('lists everything it created on a first run', () => {
    expect(bundle.issued).toContain('pki/ca');
    expect(bundle.issued).toContain('pki/sa');
    expect(bundle.issued).toContain('pki/etcd/peer-cp-2');
    expect(bundle.issued).toHaveLength(3 + 1 + 7 + 3 * 3 + 5 * 2);
  });

  it('rejects an invalid plan with InputError naming the fields', async () => {
    const plan = threeMemberPlan({ firstServiceIP: 'not-an-ip', nodes: [{ name: '', address: '10.0.1.1' }] });
    await expect(generatePki(plan)).rejects.toMatchObject({
      name: 'InputError',
      problems: [
        { path: 'firstServiceIP', message: expect.any(String) },
        { path: 'nodes[0].name', message: expect.any(String) },
      ],
    });
  });
});

describe('generatePki with an existing PKI', () => {
  let first: PkiBundle;
  beforeAll(async () => {
    first = await generatePki(threeMemberPlan());
  });

  it('keeps everything on an unchanged re-run', async () => {
    const again = await generatePki(threeMemberPlan(), first);
    expect(again.issued).toEqual([]);
    expect(again.ca).toEqual(first.ca);
    expect(again.serviceAccount).toEqual(first.serviceAccount);
    expect(again.kubeletClient).toEqual(first.kubeletClient);
    expect(again.kubeconfigs).toEqual(first.kubeconfigs);
  });

  it('issues only the certificates of a new node', async () => {
    const plan = threeMemberPlan();
    plan.nodes.push({ name: 'worker-c', address: '10.0.1.3' });
    const grown = await generatePki(plan, first);
    expect(grown.issued.sort()).toEqual(['pki/kubelet/client-worker-c', 'pki/kubelet/server-worker-c']);
    expect(grown.etcdCa).toEqual(first.etcdCa);
    expect(Object.keys(grown.kubeconfigs.kubelet)).toContain('worker-c');
  });

  it('re-issues only what names a machine whose address changed', async () => {
    const plan = threeMemberPlan();
    plan.controlPlane[1] = { name: 'cp-1', address: '10.0.0.21' };
    plan.nodes[1] = { name: 'cp-1', address: '10.0.0.21' };
    const moved = await generatePki(plan, first);
    expect(moved.issued.sort()).toEqual(['pki/apiserver/server-cp-1', 'pki/etcd/peer-cp-1', 'pki/etcd/server-cp-1', 'pki/kubelet/server-cp-1']);
    expect(moved.kubeletClient['cp-1']).toEqual(first.kubeletClient['cp-1']);
    expect(sansOf(moved.etcdPeer['cp-1']!.certPem)).toEqual(['dns:cp-1', 'ip:10.0.0.21']);
  });

  it('re-issues a leaf the existing PKI lacks or that expires soon, but keeps the CA', async () => {
    const { admin: _gone, ...withoutAdmin } = first;
    const later = await generatePki(threeMemberPlan({ now: new Date(TEST_NOW.getTime() + 350 * DAY) }), withoutAdmin);
    expect(later.ca).toEqual(first.ca);
    expect(later.issued).toContain('pki/admin');
    expect(later.issued).toContain('pki/kubelet/client-worker-a');
    expect(later.issued).not.toContain('pki/ca');
  });

  it('drops the certificates of machines no longer in the plan', async () => {
    const plan = threeMemberPlan();
    plan.nodes = plan.nodes.filter((n) => n.name !== 'worker-b');
    const shrunk = await generatePki(plan, first);
    expect(shrunk.kubeletClient['worker-b']).toBeUndefined();
    expect(shrunk.kubeconfigs.kubelet['worker-b']).toBeUndefined();
    expect(shrunk.issued).toEqual([]);
  });

  it('re-issues leaves signed by a CA that is no longer the cluster CA', async () => {
    const otherCa = await createCa('kubernetes', { now: TEST_NOW, days: 3650 });
    const stray = await issueLeaf(
      { commonName: 'kubernetes-admin', organizations: ['system:masters'], usage: 'client', dnsNames: [], ipAddresses: [] },
      await loadIssuer(otherCa),
      { now: TEST_NOW, days: 365 },
    );
    const result = await generatePki(threeMemberPlan(), { ...first, admin: stray });
    expect(result.issued).toEqual(['pki/admin']);
    expect(await signedBy(result.admin.certPem, first.ca.certPem)).toBe(true);
  });

  it('refuses to replace an expired CA', async () => {
    const plan = threeMemberPlan({ now: new Date(TEST_NOW.getTime() + 3651 * DAY) });
    await expect(generatePki(plan, first)).rejects.toBeInstanceOf(ConflictError);
    await expect(generatePki(plan, first)).rejects.toThrow(/pki\/ca\.crt is valid only/);
  });

  it('refuses an existing CA whose key does not match, naming the file', async () => {
    const broken = { ...first, etcdCa: { certPem: first.etcdCa.certPem, keyPem: first.ca.keyPem } };
    const error = await generatePki(threeMemberPlan(), broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([{ path: 'pki/etcd/ca.crt', message: expect.stringMatching(/does not belong/) }]);
  });

  it('refuses a service-account key whose public half does not match', async () => {
    const other = await generatePki(singleMachinePlan());
    const broken = { ...first, serviceAccount: { ...first.serviceAccount, publicKeyPem: other.serviceAccount.publicKeyPem } };
    await expect(generatePki(threeMemberPlan(), broken)).rejects.toThrow(/sa\.pub does not belong/);
  });
});
