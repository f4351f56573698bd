import { beforeAll, describe, expect, it } from 'vitest';
import { createCa, isReusableLeaf, issueLeaf, loadIssuer, type Issuer, type LeafProfile } from './certificate';
import { CLIENT_AUTH, SERVER_AUTH, extendedUsagesOf, parseCert, sansOf, subjectOf } from './testing/inspect';
import { TEST_NOW } from './testing/plans';
import { x509 } from './x509';

const DAY = 24 * 60 * 60 * 1000;
const window = { now: TEST_NOW, days: 365 };
const serverProfile: LeafProfile = {
  commonName: 'kube-apiserver',
  organizations: [],
  usage: 'server',
  dnsNames: ['kubernetes', 'localhost'],
  ipAddresses: ['10.0.0.1', '127.0.0.1'],
};

describe('createCa', () => {
  it('makes a self-signed CA with critical CA constraints and key identifiers', async () => {
    const ca = await createCa('etcd-ca', { now: TEST_NOW, days: 3650 });
    const cert = parseCert(ca.certPem);
    expect(cert.subject).toBe('CN=etcd-ca');
    expect(await cert.isSelfSigned()).toBe(true);
    const bc = cert.getExtension(x509.BasicConstraintsExtension);
    expect(bc?.ca).toBe(true);
    expect(bc?.critical).toBe(true);
    const ku = cert.getExtension(x509.KeyUsagesExtension);
    expect(ku?.critical).toBe(true);
    expect(ku!.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
    expect(ku!.usages & x509.KeyUsageFlags.cRLSign).toBeTruthy();
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(ski).toMatch(/^[0-9a-f]{40}$/);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(ski);
    expect(cert.notAfter.getTime() - TEST_NOW.getTime()).toBe(3650 * DAY);
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
  });
});

describe('issueLeaf', () => {
  let issuer: Issuer;
  beforeAll(async () => {
    issuer = await loadIssuer(await createCa('kubernetes', { now: TEST_NOW, days: 3650 }));
  });

  it('signs a server certificate with the profile SANs, subject and usages', async () => {
    const leaf = await issueLeaf(serverProfile, issuer, window);
    const cert = parseCert(leaf.certPem);
    expect(await cert.verify({ publicKey: issuer.cert.publicKey, date: TEST_NOW })).toBe(true);
    expect(cert.issuer).toBe('CN=kubernetes');
    expect(subjectOf(leaf.certPem)).toBe('CN=kube-apiserver');
    expect(sansOf(leaf.certPem)).toEqual(['dns:kubernetes', 'dns:localhost', 'ip:10.0.0.1', 'ip:127.0.0.1']);
    expect(extendedUsagesOf(leaf.certPem)).toEqual([SERVER_AUTH]);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(issuer.keyId);
    expect(cert.notBefore.getTime()).toBeLessThan(TEST_NOW.getTime());
    expect(cert.notAfter.getTime()).toBe(TEST_NOW.getTime() + 365 * DAY);
  });

  it('gives a client certificate no SAN extension and the client usage only', async () => {
    const leaf = await issueLeaf(
      { commonName: 'system:node:a', organizations: ['system:nodes'], usage: 'client', dnsNames: [], ipAddresses: [] },
      issuer,
      window,
    );
    expect(parseCert(leaf.certPem).getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
    expect(subjectOf(leaf.certPem)).toBe('O=system:nodes, CN=system:node:a');
    expect(extendedUsagesOf(leaf.certPem)).toEqual([CLIENT_AUTH]);
  });

  it('never outlives its CA', async () => {
    const shortCa = await loadIssuer(await createCa('short', { now: TEST_NOW, days: 10 }));
    const leaf = await issueLeaf(serverProfile, shortCa, window);
    expect(parseCert(leaf.certPem).notAfter.getTime()).toBe(shortCa.cert.notAfter.getTime());
  });
});

describe('loadIssuer', () => {
  it('refuses a leaf certificate as a CA', async () => {
    const issuer = await loadIssuer(await createCa('kubernetes', window));
    const leaf = await issueLeaf(serverProfile, issuer, window);
    await expect(loadIssuer(leaf)).rejects.toThrow(/not a CA/);
  });

  it('refuses a key that belongs to another certificate', async () => {
    const a = await createCa('a', window);
    const b = await createCa('b', window);
    await expect(loadIssuer({ certPem: a.certPem, keyPem: b.keyPem })).rejects.toThrow(/does not belong/);
  });
});

describe('isReusableLeaf', () => {
  let issuer: Issuer;
  beforeAll(async () => {
    issuer = await loadIssuer(await createCa('kubernetes', { now: TEST_NOW, days: 3650 }));
  });

  it('keeps a certificate that still matches its profile', async () => {
    const leaf = await issueLeaf(serverProfile, issuer, window);
    expect(await isReusableLeaf(leaf, serverProfile, issuer, window)).toBe(true);
  });

  it.each<[string, Partial<LeafProfile>]>([
    ['a SAN was added', { ipAddresses: ['10.0.0.1', '127.0.0.1', '10.0.0.2'] }],
    ['a SAN was removed', { dnsNames: ['kubernetes'] }],
    ['the subject changed', { commonName: 'other' }],
    ['the organization changed', { organizations: ['system:masters'] }],
    ['the usage changed', { usage: 'peer' }],
  ])('re-issues when %s', async (_what, change) => {
    const leaf = await issueLeaf(serverProfile, issuer, window);
    expect(await isReusableLeaf(leaf, { ...serverProfile, ...change }, issuer, window)).toBe(false);
  });

  it('re-issues a certificate signed by another CA with the same name', async () => {
    const impostor = await loadIssuer(await createCa('kubernetes', window));
    const leaf = await issueLeaf(serverProfile, impostor, window);
    expect(await isReusableLeaf(leaf, serverProfile, issuer, window)).toBe(false);
  });

  it('re-issues a certificate that expires within 30 days', async () => {
    const leaf = await issueLeaf(serverProfile, issuer, window);
    const later = { now: new Date(TEST_NOW.getTime() + 340 * DAY), days: 365 };
    expect(await isReusableLeaf(leaf, serverProfile, issuer, { now: new Date(TEST_NOW.getTime() + 300 * DAY), days: 365 })).toBe(true);
    expect(await isReusableLeaf(leaf, serverProfile, issuer, later)).toBe(false);
  });

  it('re-issues when the key does not match or is garbage', async () => {
    const a = await issueLeaf(serverProfile, issuer, window);
    const b = await issueLeaf(serverProfile, issuer, window);
    expect(await isReusableLeaf({ certPem: a.certPem, keyPem: b.keyPem }, serverProfile, issuer, window)).toBe(false);
    expect(await isReusableLeaf({ certPem: 'junk', keyPem: a.keyPem }, serverProfile, issuer, window)).toBe(false);
  });
});
