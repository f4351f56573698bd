import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePkiFiles } from './asset-directory';
import { pkiFiles } from './files';
import { generatePki } from './generate';
import { renderKubeconfig } from './kubeconfig';
import { singleMachinePlan, threeMemberPlan } from './testing/plans';
import { KUBECTL, run, runOk, tempDir } from './testing/tools';
import type { PkiBundle } from './types';

interface ViewedConfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  'current-context': string;
}

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

/** Which client certificate a kubeconfig must carry and which server it must name. */
interface Wanted {
  crt: string;
  user: string;
  server: string;
}

function expectedKubeconfigs(): [string, Wanted][] {
  const api = 'https://api.demo.example.com:6443';
  const members = { 'cp-0': '10.0.0.10', 'cp-1': '10.0.0.11', 'cp-2': '10.0.0.12' };
  const list: [string, Wanted][] = [['auth/admin.kubeconfig', { crt: 'pki/admin.crt', user: 'kubernetes-admin', server: api }]];
  for (const [m, address] of Object.entries(members)) {
    const server = `https://${address}:6443`;
    list.push([`auth/controller-manager-${m}.kubeconfig`, { crt: 'pki/controller-manager.crt', user: 'system:kube-controller-manager', server }]);
    list.push([`auth/scheduler-${m}.kubeconfig`, { crt: 'pki/scheduler.crt', user: 'system:kube-scheduler', server }]);
  }
  for (const n of ['cp-0', 'cp-1', 'cp-2', 'worker-a', 'worker-b']) {
    list.push([`auth/kubelet-${n}.kubeconfig`, { crt: `pki/kubelet/client-${n}.crt`, user: `system:node:${n}`, server: api }]);
  }
  return list;
}

describe('kubeconfigs, read by kubectl', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let bundle: PkiBundle;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    bundle = await generatePki(threeMemberPlan());
    await writePkiFiles(dir, pkiFiles(bundle));
  });
  afterAll(async () => {
    await remove();
  });

  it('covers every kubeconfig of the asset directory', () => {
    const written = pkiFiles(bundle)
      .filter((f) => f.path.endsWith('.kubeconfig'))
      .map((f) => f.path);
    expect(written.sort()).toEqual(
      expectedKubeconfigs()
        .map(([path]) => path)
        .sort(),
    );
  });

  it.each(expectedKubeconfigs())('%s embeds the cluster CA and its own client certificate', async (path, want) => {
    const out = await runOk(KUBECTL, ['config', 'view', '--raw', '--kubeconfig', `${dir}/${path}`, '-o', 'json']);
    const config = JSON.parse(out) as ViewedConfig;
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]!.name).toBe('demo');
    expect(config.clusters[0]!.cluster.server).toBe(want.server);
    expect(decode(config.clusters[0]!.cluster['certificate-authority-data'])).toBe(await readFile(`${dir}/pki/ca.crt`, 'utf8'));
    expect(config.users).toHaveLength(1);
    expect(config.users[0]!.name).toBe(want.user);
    expect(decode(config.users[0]!.user['client-certificate-data'])).toBe(await readFile(`${dir}/${want.crt}`, 'utf8'));
    expect(decode(config.users[0]!.user['client-key-data'])).toBe(await readFile(`${dir}/${want.crt.replace(/\.crt$/, '.key')}`, 'utf8'));
    expect(config['current-context']).toBe(`${want.user}@demo`);
  });
});

describe('kubeconfigs, used by kubectl against a TLS endpoint serving the API server certificate', () => {
  let server: Server;
  let port: number;
  let dir: string;
  let remove: () => Promise<void>;
  let bundle: PkiBundle;

  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    // Answers every request with the client certificate's subject, so the test sees who kubectl was.
    server = createServer({ requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ cn: peer.subject.CN, o: peer.subject.O ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    bundle = await generatePki(
      singleMachinePlan({
        now: undefined,
        apiServer: { url: `https://127.0.0.1:${port}`, dnsNames: [], ipAddresses: [] },
        controlPlane: [{ name: 'cp-0', address: '127.0.0.1' }],
        nodes: [
          { name: 'cp-0', address: '127.0.0.1' },
          { name: 'worker-a', address: '127.0.0.3' },
        ],
        localApiServerPort: port,
      }),
    );
    server.setSecureContext({
      cert: bundle.apiServer['cp-0']!.certPem,
      key: bundle.apiServer['cp-0']!.keyPem,
      ca: bundle.ca.certPem,
    });
    await writePkiFiles(dir, pkiFiles(bundle));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await remove();
  });

  it.each([
    ['auth/admin.kubeconfig', 'kubernetes-admin', 'system:masters'],
    ['auth/controller-manager-cp-0.kubeconfig', 'system:kube-controller-manager', null],
    ['auth/scheduler-cp-0.kubeconfig', 'system:kube-scheduler', null],
    ['auth/kubelet-worker-a.kubeconfig', 'system:node:worker-a', 'system:nodes'],
  ])('%s trusts the server and authenticates as %s', async (path, cn, o) => {
    const out = await runOk(KUBECTL, ['--kubeconfig', `${dir}/${path}`, 'get', '--raw', '/identity']);
    expect(JSON.parse(out)).toEqual({ cn, o });
  });

  it('fails when the kubeconfig trusts another CA', async () => {
    const wrong = renderKubeconfig({
      clusterName: 'solo',
      server: `https://127.0.0.1:${port}`,
      caPem: bundle.etcdCa.certPem,
      user: 'kubernetes-admin',
      certPem: bundle.admin.certPem,
      keyPem: bundle.admin.keyPem,
    });
    await writePkiFiles(dir, [{ path: 'wrong.kubeconfig', contents: wrong, mode: 0o600 }]);
    const result = await run(KUBECTL, ['--kubeconfig', `${dir}/wrong.kubeconfig`, 'get', '--raw', '/identity']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/certificate signed by unknown authority/);
  });
});
