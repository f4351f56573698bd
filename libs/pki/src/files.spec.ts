import { createPublicKey } from 'node:crypto';
import { NotFoundError } from '@strata/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { CA_KEY_PATHS, filesForMachine, pkiFiles } from './files';
import { generatePki } from './generate';
import { renderKubeconfig } from './kubeconfig';
import { threeMemberPlan } from './testing/plans';
import type { PkiBundle, PkiFile } from './types';

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/g;

/**
 * Every private key a file carries, in plain PEM or inside base64 (kubeconfig `*-data`
 * fields), as the DER of its public half so it can be compared to a CA's.
 */
function privateKeysIn(file: PkiFile): string[] {
  const texts = [file.contents];
  for (const token of file.contents.match(/[A-Za-z0-9+/=]{64,}/g) ?? []) {
    texts.push(Buffer.from(token, 'base64').toString('latin1'));
  }
  return texts.flatMap((text) =>
    [...text.matchAll(PEM_PRIVATE_KEY)].map((m) => createPublicKey(m[0]).export({ type: 'spki', format: 'der' }).toString('base64')),
  );
}

function publicKeyOf(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

describe('pkiFiles', () => {
  let bundle: PkiBundle;
  let files: PkiFile[];
  beforeAll(async () => {
    bundle = await generatePki(threeMemberPlan());
    files = pkiFiles(bundle);
  });

  it('writes every certificate, key and kubeconfig once, at kubeadm-like paths', () => {
    const paths = files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of [
      'pki/ca.crt',
      'pki/ca.key',
      'pki/etcd/ca.crt',
      'pki/etcd/ca.key',
      'pki/front-proxy-ca.crt',
      'pki/front-proxy-ca.key',
      'pki/sa.key',
      'pki/sa.pub',
      'pki/apiserver/server-cp-0.crt',
      'pki/apiserver-kubelet-client.key',
      'pki/apiserver-etcd-client.crt',
      'pki/front-proxy-client.crt',
      'pki/etcd/server-cp-2.crt',
      'pki/etcd/peer-cp-1.key',
      'pki/etcd/healthcheck-client.crt',
      'pki/kubelet/server-worker-a.crt',
      'pki/kubelet/client-worker-b.key',
      'auth/admin.kubeconfig',
      'auth/controller-manager-cp-1.kubeconfig',
      'auth/scheduler-cp-2.kubeconfig',
      'auth/kubelet-worker-a.kubeconfig',
    ]) {
      expect(paths).toContain(path);
    }
    // 3 CAs, SA, 7 shared leaves, 3 per member, 2 per node (each .crt + .key), 1+2·3+5 kubeconfigs.
    expect(files).toHaveLength(2 * 3 + 2 + 2 * 7 + 2 * 3 * 3 + 2 * 2 * 5 + 12);
  });

  it('makes every private key and kubeconfig 0600 and the rest 0644', () => {
    for (const file of files) {
      const secret = /\.key$|\.kubeconfig$/.test(file.path);
      expect([file.path, file.mode]).toEqual([file.path, secret ? 0o600 : 0o644]);
      if (file.mode === 0o644) expect(file.contents).not.toMatch(/PRIVATE KEY/);
    }
  });
});

describe('filesForMachine', () => {
  let bundle: PkiBundle;
  beforeAll(async () => {
    bundle = await generatePki(threeMemberPlan());
  });

  it.each(['worker-a', 'worker-b'])('gives worker %s only the CA certificate and its own kubelet files', (worker) => {
    expect(filesForMachine(bundle, worker, 'worker').map((f) => f.path)).toEqual([
      'pki/ca.crt',
      `pki/kubelet/server-${worker}.crt`,
      `pki/kubelet/server-${worker}.key`,
      `pki/kubelet/client-${worker}.crt`,
      `pki/kubelet/client-${worker}.key`,
      `auth/kubelet-${worker}.kubeconfig`,
    ]);
  });

  it('never puts a CA or service-account private key in any worker file', () => {
    const forbidden = new Map([
      [publicKeyOf(bundle.ca.keyPem), 'cluster CA'],
      [publicKeyOf(bundle.etcdCa.keyPem), 'etcd CA'],
      [publicKeyOf(bundle.frontProxyCa.keyPem), 'front-proxy CA'],
      [publicKeyOf(bundle.serviceAccount.privateKeyPem), 'service-account'],
    ]);
    for (const worker of ['worker-a', 'worker-b']) {
      const files = filesForMachine(bundle, worker, 'worker');
      const own = new Set([publicKeyOf(bundle.kubeletServing[worker]!.keyPem), publicKeyOf(bundle.kubeletClient[worker]!.keyPem)]);
      let keysSeen = 0;
      for (const file of files) {
        expect(CA_KEY_PATHS).not.toContain(file.path);
        expect(file.path).not.toMatch(/(^|\/)(ca|sa)\.key$|ca\.key$/);
        for (const key of privateKeysIn(file)) {
          keysSeen += 1;
          expect(forbidden.get(key), `${worker}:${file.path}`).toBeUndefined();
          expect(own.has(key), `${worker}:${file.path} carries a key of another machine`).toBe(true);
        }
      }
      // The scan must actually see the worker's own keys: two files plus the kubeconfig.
      expect(keysSeen).toBe(3);
    }
  });

  it('has a scan that finds a CA key hidden base64-encoded in a kubeconfig', () => {
    const planted = renderKubeconfig({
      clusterName: 'demo',
      server: 'https://x:6443',
      caPem: bundle.ca.certPem,
      user: 'u',
      certPem: bundle.ca.certPem,
      keyPem: bundle.etcdCa.keyPem,
    });
    expect(privateKeysIn({ path: 'auth/x.kubeconfig', contents: planted, mode: 0o600 })).toEqual([publicKeyOf(bundle.etcdCa.keyPem)]);
  });

  it('gives a control-plane member its serving certificates, the cluster CA key and its kubeconfigs', () => {
    const paths = filesForMachine(bundle, 'cp-1', 'control-plane').map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'pki/ca.key',
        'pki/sa.key',
        'pki/sa.pub',
        'pki/apiserver/server-cp-1.crt',
        'pki/etcd/server-cp-1.key',
        'pki/etcd/peer-cp-1.crt',
        'pki/front-proxy-client.key',
        'auth/admin.kubeconfig',
        'auth/controller-manager-cp-1.kubeconfig',
        'auth/kubelet-cp-1.kubeconfig',
      ]),
    );
    expect(paths).not.toContain('pki/etcd/ca.key');
    expect(paths).not.toContain('pki/front-proxy-ca.key');
    expect(paths.filter((p) => /-cp-[02]\b/.test(p))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('hands out exactly the files of the asset directory, byte for byte', () => {
    const all = new Map(pkiFiles(bundle).map((f) => [f.path, f]));
    for (const [machine, role] of [
      ['cp-0', 'control-plane'],
      ['worker-a', 'worker'],
    ] as const) {
      for (const file of filesForMachine(bundle, machine, role)) expect(all.get(file.path)).toEqual(file);
    }
  });

  it.each([
    ['cp-9', 'control-plane'],
    ['worker-z', 'worker'],
    ['worker-a', 'control-plane'],
  ] as const)('refuses unknown machine %s as %s', (machine, role) => {
    expect(() => filesForMachine(bundle, machine, role)).toThrow(NotFoundError);
  });
});
