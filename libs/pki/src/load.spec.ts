import { InputError } from '@strata/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { pkiFiles } from './files';
import { generatePki } from './generate';
import { loadPki } from './load';
import { threeMemberPlan } from './testing/plans';
import type { PkiBundle, PkiFile } from './types';

function problemsOf(files: PkiFile[]): { path: string; message: string }[] {
  try {
    loadPki(files);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected loadPki to fail');
}

describe('loadPki', () => {
  let bundle: PkiBundle;
  let files: PkiFile[];
  beforeAll(async () => {
    bundle = await generatePki(threeMemberPlan());
    files = pkiFiles(bundle);
  });

  it('reads back every certificate and key', () => {
    const existing = loadPki(files);
    expect(existing.ca).toEqual(bundle.ca);
    expect(existing.frontProxyCa).toEqual(bundle.frontProxyCa);
    expect(existing.serviceAccount).toEqual(bundle.serviceAccount);
    expect(existing.etcdPeer).toEqual(bundle.etcdPeer);
    expect(existing.kubeletClient).toEqual(bundle.kubeletClient);
    expect(existing.scheduler).toEqual(bundle.scheduler);
  });

  it('lets a re-run from files keep the CAs and issue nothing', async () => {
    const again = await generatePki(threeMemberPlan(), loadPki(files));
    expect(again.issued).toEqual([]);
    expect(pkiFiles(again)).toEqual(files);
  });

  it('leaves out a leaf whose key is gone, so it is issued again', async () => {
    const existing = loadPki(files.filter((f) => f.path !== 'pki/etcd/server-cp-1.key'));
    expect(existing.etcdServer?.['cp-1']).toBeUndefined();
    const again = await generatePki(threeMemberPlan(), existing);
    expect(again.issued).toEqual(['pki/etcd/server-cp-1']);
  });

  it('refuses a CA certificate without its key, naming the key file', () => {
    expect(problemsOf(files.filter((f) => f.path !== 'pki/ca.key'))).toEqual([{ path: 'pki/ca.key', message: expect.stringMatching(/missing/) }]);
  });

  it('names a key that belongs to another certificate', () => {
    const swapped = files.map((f) => (f.path === 'pki/etcd/peer-cp-0.key' ? { ...f, contents: bundle.etcdPeer['cp-1']!.keyPem } : f));
    expect(problemsOf(swapped)).toEqual([{ path: 'pki/etcd/peer-cp-0.key', message: 'does not belong to pki/etcd/peer-cp-0.crt' }]);
  });

  it('names every unreadable file at once', () => {
    const broken = files.map((f) => {
      if (f.path === 'pki/front-proxy-ca.crt') return { ...f, contents: 'not a certificate' };
      if (f.path === 'pki/admin.key') return { ...f, contents: 'not a key' };
      if (f.path === 'pki/sa.key') return { ...f, contents: '' };
      return f;
    });
    expect(
      problemsOf(broken)
        .map((p) => p.path)
        .sort(),
    ).toEqual(['pki/admin.key', 'pki/front-proxy-ca.crt', 'pki/sa.key']);
  });

  it('ignores kubeconfigs and unknown files', () => {
    expect(
      loadPki([
        { path: 'auth/admin.kubeconfig', contents: 'x' },
        { path: 'notes.txt', contents: 'x' },
      ]),
    ).toEqual({});
  });
});
