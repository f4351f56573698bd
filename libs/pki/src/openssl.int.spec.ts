import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPkiDirectory, writePkiFiles } from './asset-directory';
import { pkiFiles } from './files';
import { generatePki } from './generate';
import { loadPki } from './load';
import { threeMemberPlan } from './testing/plans';
import { OPENSSL, run, runOk, tempDir } from './testing/tools';
import type { PkiBundle } from './types';

type Usage = 'server' | 'client' | 'peer';

/** What one certificate must look like to OpenSSL, written down independently of the code. */
interface Expected {
  crt: string;
  ca: string;
  usage: Usage;
  subject: string;
  sans: string[];
}

const EKU_TEXT: Record<Usage, string> = {
  server: 'TLS Web Server Authentication',
  client: 'TLS Web Client Authentication',
  peer: 'TLS Web Server Authentication, TLS Web Client Authentication',
};
const PURPOSES: Record<Usage, string[]> = { server: ['sslserver'], client: ['sslclient'], peer: ['sslserver', 'sslclient'] };

const MEMBERS = [
  { name: 'cp-0', address: '10.0.0.10', extra: ['cp-0.demo.internal'] },
  { name: 'cp-1', address: '10.0.0.11', extra: [] },
  { name: 'cp-2', address: '10.0.0.12', extra: [] },
];
const NODES = [...MEMBERS, { name: 'worker-a', address: '10.0.1.1' }, { name: 'worker-b', address: '10.0.1.2' }];

function expectedCertificates(): Expected[] {
  const client = (crt: string, ca: string, subject: string): Expected => ({ crt, ca, usage: 'client', subject, sans: [] });
  const list: Expected[] = [
    client('pki/admin.crt', 'pki/ca.crt', 'O = system:masters, CN = kubernetes-admin'),
    client('pki/controller-manager.crt', 'pki/ca.crt', 'CN = system:kube-controller-manager'),
    client('pki/scheduler.crt', 'pki/ca.crt', 'CN = system:kube-scheduler'),
    client('pki/apiserver-kubelet-client.crt', 'pki/ca.crt', 'O = system:masters, CN = kube-apiserver-kubelet-client'),
    client('pki/apiserver-etcd-client.crt', 'pki/etcd/ca.crt', 'CN = kube-apiserver-etcd-client'),
    client('pki/etcd/healthcheck-client.crt', 'pki/etcd/ca.crt', 'CN = kube-etcd-healthcheck-client'),
    client('pki/front-proxy-client.crt', 'pki/front-proxy-ca.crt', 'CN = front-proxy-client'),
  ];
  for (const m of MEMBERS) {
    list.push({
      crt: `pki/apiserver/server-${m.name}.crt`,
      ca: 'pki/ca.crt',
      usage: 'server',
      subject: 'CN = kube-apiserver',
      sans: [
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'DNS:api.demo.example.com',
        `DNS:${m.name}`,
        ...m.extra.map((d) => `DNS:${d}`),
        'DNS:localhost',
        'IP Address:172.30.0.1',
        'IP Address:10.0.0.5',
        `IP Address:${m.address}`,
        'IP Address:127.0.0.1',
      ],
    });
    const names = [`DNS:${m.name}`, ...m.extra.map((d) => `DNS:${d}`)];
    list.push({
      crt: `pki/etcd/server-${m.name}.crt`,
      ca: 'pki/etcd/ca.crt',
      usage: 'peer',
      subject: `CN = ${m.name}`,
      sans: [...names, 'DNS:localhost', `IP Address:${m.address}`, 'IP Address:127.0.0.1'],
    });
    list.push({
      crt: `pki/etcd/peer-${m.name}.crt`,
      ca: 'pki/etcd/ca.crt',
      usage: 'peer',
      subject: `CN = ${m.name}`,
      sans: [...names, `IP Address:${m.address}`],
    });
  }
  for (const n of NODES) {
    const subject = `O = system:nodes, CN = system:node:${n.name}`;
    list.push(client(`pki/kubelet/client-${n.name}.crt`, 'pki/ca.crt', subject));
    list.push({
      crt: `pki/kubelet/server-${n.name}.crt`,
      ca: 'pki/ca.crt',
      usage: 'server',
      subject,
      sans: [`DNS:${n.name}`, `IP Address:${n.address}`],
    });
  }
  return list;
}

/** One X509v3 extension from `openssl x509 -text`: whether it is critical and its value line. */
function extension(text: string, name: string): { critical: boolean; value: string } | undefined {
  const match = new RegExp(`X509v3 ${name}:( critical)?\\s*\\n\\s*(.+)`).exec(text);
  return match ? { critical: match[1] !== undefined, value: (match[2] ?? '').trim() } : undefined;
}

async function publicKeyOfCert(dir: string, crt: string): Promise<string> {
  return runOk(OPENSSL, ['x509', '-in', join(dir, crt), '-noout', '-pubkey']);
}

async function publicKeyOfKey(dir: string, key: string): Promise<string> {
  return runOk(OPENSSL, ['pkey', '-in', join(dir, key), '-pubout']);
}

describe('generated PKI, checked with openssl', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let bundle: PkiBundle;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    // Real time: openssl verify checks the validity window against its own clock.
    bundle = await generatePki(threeMemberPlan({ now: undefined }));
    await writePkiFiles(dir, pkiFiles(bundle));
  });
  afterAll(async () => {
    await remove();
  });

  it.each(['pki/ca.crt', 'pki/etcd/ca.crt', 'pki/front-proxy-ca.crt'])('%s is a self-signed CA', async (ca) => {
    expect(await runOk(OPENSSL, ['verify', '-CAfile', join(dir, ca), join(dir, ca)])).toBe(`${join(dir, ca)}: OK\n`);
    const text = await runOk(OPENSSL, ['x509', '-in', join(dir, ca), '-noout', '-text']);
    expect(extension(text, 'Basic Constraints')).toEqual({ critical: true, value: 'CA:TRUE' });
    expect(extension(text, 'Key Usage')).toEqual({ critical: true, value: 'Digital Signature, Certificate Sign, CRL Sign' });
    const ski = extension(text, 'Subject Key Identifier')?.value;
    expect(ski).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(extension(text, 'Authority Key Identifier')?.value).toContain(ski);
    expect(text).toMatch(/Serial Number:\s*\n\s*([0-9a-f]{2}:){15}[0-9a-f]{2}\n/);
    expect(text).not.toContain('Negative');
    expect(await publicKeyOfKey(dir, ca.replace(/\.crt$/, '.key'))).toBe(await publicKeyOfCert(dir, ca));
  });

  it('covers every certificate of the asset directory', () => {
    const leaves = pkiFiles(bundle)
      .map((f) => f.path)
      .filter((p) => p.endsWith('.crt') && !/(^|\/)(ca|front-proxy-ca)\.crt$/.test(p));
    expect(leaves.sort()).toEqual(
      expectedCertificates()
        .map((e) => e.crt)
        .sort(),
    );
  });

  it.each(expectedCertificates().map((e) => [e.crt, e] as const))('%s verifies and has the right extensions', async (_crt, e) => {
    const crt = join(dir, e.crt);
    for (const purpose of PURPOSES[e.usage]) {
      expect(await runOk(OPENSSL, ['verify', '-CAfile', join(dir, e.ca), '-purpose', purpose, crt])).toBe(`${crt}: OK\n`);
    }
    const text = await runOk(OPENSSL, ['x509', '-in', crt, '-noout', '-text']);
    expect(text).toContain(`Subject: ${e.subject}\n`);
    expect(extension(text, 'Basic Constraints')).toEqual({ critical: true, value: 'CA:FALSE' });
    expect(extension(text, 'Key Usage')).toEqual({ critical: true, value: 'Digital Signature' });
    expect(extension(text, 'Extended Key Usage')?.value).toBe(EKU_TEXT[e.usage]);
    const san = extension(text, 'Subject Alternative Name')?.value;
    expect(san === undefined ? [] : san.split(', ').sort()).toEqual([...e.sans].sort());
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).not.toContain('Negative');
    expect(await publicKeyOfKey(dir, e.crt.replace(/\.crt$/, '.key'))).toBe(await publicKeyOfCert(dir, e.crt));
  });

  it('refuses a client certificate for a server purpose and a certificate against the wrong CA', async () => {
    const asServer = await run(OPENSSL, ['verify', '-CAfile', join(dir, 'pki/ca.crt'), '-purpose', 'sslserver', join(dir, 'pki/admin.crt')]);
    expect(asServer.code).not.toBe(0);
    expect(asServer.stdout + asServer.stderr).toMatch(/unsuitable certificate purpose/);
    const wrongCa = await run(OPENSSL, ['verify', '-CAfile', join(dir, 'pki/etcd/ca.crt'), join(dir, 'pki/apiserver/server-cp-0.crt')]);
    expect(wrongCa.code).not.toBe(0);
    expect(wrongCa.stdout + wrongCa.stderr).toMatch(/unable to get local issuer certificate/);
  });

  it('writes a service-account key pair whose halves match', async () => {
    expect(await publicKeyOfKey(dir, 'pki/sa.key')).toBe(bundle.serviceAccount.publicKeyPem);
    const text = await runOk(OPENSSL, ['pkey', '-in', join(dir, 'pki/sa.key'), '-noout', '-text']);
    expect(text).toMatch(/NIST CURVE: P-256|ASN1 OID: prime256v1/);
  });
});

describe('an existing OpenSSL-made RSA CA', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterAll(async () => {
    await remove();
  });

  it('is kept, and the leaves it signs verify against it', async () => {
    const pki = join(dir, 'pki');
    await mkdir(pki, { mode: 0o700 });
    await runOk(OPENSSL, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=kubernetes',
      '-keyout',
      join(dir, 'ca.pkcs8.key'),
      '-out',
      join(pki, 'ca.crt'),
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    // The traditional PKCS#1 form, as kubeadm writes RSA keys.
    await writeFile(join(pki, 'ca.key'), await runOk(OPENSSL, ['rsa', '-in', join(dir, 'ca.pkcs8.key'), '-traditional']));
    const caBefore = await runOk(OPENSSL, ['x509', '-in', join(pki, 'ca.crt'), '-noout', '-fingerprint', '-sha256']);

    const bundle = await generatePki(threeMemberPlan({ now: undefined }), loadPki(await readPkiDirectory(dir)));
    expect(bundle.issued).not.toContain('pki/ca');
    expect(bundle.issued).toContain('pki/etcd/ca');
    await writePkiFiles(dir, pkiFiles(bundle));

    expect(await runOk(OPENSSL, ['x509', '-in', join(pki, 'ca.crt'), '-noout', '-fingerprint', '-sha256'])).toBe(caBefore);
    expect(await runOk(OPENSSL, ['rsa', '-in', join(pki, 'ca.key'), '-check', '-noout'])).toMatch(/RSA key ok/);
    const server = join(pki, 'apiserver/server-cp-1.crt');
    expect(await runOk(OPENSSL, ['verify', '-CAfile', join(pki, 'ca.crt'), '-purpose', 'sslserver', server])).toBe(`${server}: OK\n`);
    const text = await runOk(OPENSSL, ['x509', '-in', server, '-noout', '-text']);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    const client = join(pki, 'kubelet/client-worker-a.crt');
    expect(await runOk(OPENSSL, ['verify', '-CAfile', join(pki, 'ca.crt'), '-purpose', 'sslclient', client])).toBe(`${client}: OK\n`);
  });
});
