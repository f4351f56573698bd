import { generateKeyPair, parsePrivateKey, privateKeyPem, randomSerialNumber, signingKeyOf, type SigningKey } from './keys';
import type { CertifiedKey } from './types';
import { x509 } from './x509';

/**
 * What a leaf certificate is for. `peer` is both server and client, as etcd members use their
 * certificates in both directions.
 */
export type CertificateUsage = 'server' | 'client' | 'peer';

/** Everything that identifies a leaf certificate apart from its key and validity window. */
export interface LeafProfile {
  commonName: string;
  organizations: string[];
  usage: CertificateUsage;
  dnsNames: string[];
  ipAddresses: string[];
}

/** A CA ready to sign: its parsed certificate, signing key and key identifier. */
export interface Issuer {
  pair: CertifiedKey;
  cert: x509.X509Certificate;
  signing: SigningKey;
  /** Hex SubjectKeyIdentifier, copied into the AuthorityKeyIdentifier of what it signs. */
  keyId: string;
}

/** When and for how long a certificate is valid. */
export interface ValidityWindow {
  now: Date;
  days: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start slightly in the past so a node with a lagging clock still accepts them. */
const BACKDATE_MS = 5 * 60 * 1000;
/** A reused leaf must stay valid at least this long (or a third of its lifetime, if shorter). */
const RENEW_BEFORE_MS = 30 * DAY_MS;

const EXTENDED_USAGES: Record<CertificateUsage, string[]> = {
  server: [x509.ExtendedKeyUsage.serverAuth],
  client: [x509.ExtendedKeyUsage.clientAuth],
  peer: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
};

function subjectOf(commonName: string, organizations: string[]): x509.JsonName {
  return [...organizations.map((o) => ({ O: [o] })), { CN: [commonName] }];
}

function generalNames(profile: LeafProfile): x509.JsonGeneralName[] {
  return [...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value }))];
}

function ecdsaSha256(): EcdsaParams {
  return { name: 'ECDSA', hash: 'SHA-256' };
}

/** Parses a CA's certificate and key and checks that they belong together and form a CA. */
export async function loadIssuer(pair: CertifiedKey): Promise<Issuer> {
  const cert = new x509.X509Certificate(pair.certPem);
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  if (!constraints?.ca) throw new Error('the certificate is not a CA (BasicConstraints CA:TRUE is missing)');
  const signing = signingKeyOf(parsePrivateKey(pair.keyPem));
  if (!Buffer.from(cert.publicKey.rawData).equals(signing.spki)) {
    throw new Error('the private key does not belong to the certificate');
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(cert.publicKey)).keyId;
  return { pair, cert, signing, keyId };
}

/**
 * Creates a self-signed CA: BasicConstraints CA:TRUE (critical), KeyUsage keyCertSign, cRLSign
 * and digitalSignature (critical), and matching subject/authority key identifiers.
 */
export async function createCa(commonName: string, window: ValidityWindow): Promise<CertifiedKey> {
  const keys = await generateKeyPair();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: subjectOf(commonName, []),
    notBefore: new Date(window.now.getTime() - BACKDATE_MS),
    notAfter: new Date(window.now.getTime() + window.days * DAY_MS),
    keys,
    signingAlgorithm: ecdsaSha256(),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId),
    ],
  });
  return { certPem: `${cert.toString('pem').trimEnd()}\n`, keyPem: await privateKeyPem(keys.privateKey) };
}

/**
 * Issues a leaf certificate with a new ECDSA P-256 key: KeyUsage digitalSignature (critical),
 * the profile's extended key usages, its SANs, and BasicConstraints CA:FALSE. The validity
 * never extends past the issuing CA's.
 */
export async function issueLeaf(profile: LeafProfile, issuer: Issuer, window: ValidityWindow): Promise<CertifiedKey> {
  const keys = await generateKeyPair();
  const names = generalNames(profile);
  const notAfter = Math.min(window.now.getTime() + window.days * DAY_MS, issuer.cert.notAfter.getTime());
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: subjectOf(profile.commonName, profile.organizations),
    issuer: issuer.cert.subjectName,
    notBefore: new Date(window.now.getTime() - BACKDATE_MS),
    notAfter: new Date(notAfter),
    publicKey: keys.publicKey,
    signingKey: issuer.signing.key,
    signingAlgorithm: issuer.signing.algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // New keys are always ECDSA, so keyEncipherment (an RSA key-transport usage) is not set.
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(EXTENDED_USAGES[profile.usage]),
      ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(issuer.keyId),
    ],
  });
  return { certPem: `${cert.toString('pem').trimEnd()}\n`, keyPem: await privateKeyPem(keys.privateKey) };
}

function sanKeys(names: x509.JsonGeneralName[]): string {
  return names
    .map((n) => `${n.type}:${n.value}`)
    .sort()
    .join(',');
}

/**
 * Whether an existing leaf can be kept instead of re-issued: its key matches, it was signed by
 * `issuer`, its subject, SANs and extended key usages are exactly what `profile` asks for, and
 * it is valid now with enough time left (30 days, or a third of the configured lifetime).
 * Anything unparsable is simply not reusable.
 */
export async function isReusableLeaf(existing: CertifiedKey, profile: LeafProfile, issuer: Issuer, window: ValidityWindow): Promise<boolean> {
  try {
    const cert = new x509.X509Certificate(existing.certPem);
    const key = signingKeyOf(parsePrivateKey(existing.keyPem));
    if (!Buffer.from(cert.publicKey.rawData).equals(key.spki)) return false;
    if (cert.issuer !== issuer.cert.subject) return false;
    if (!(await cert.verify({ publicKey: issuer.cert.publicKey, signatureOnly: true }))) return false;
    if (cert.subject !== new x509.Name(subjectOf(profile.commonName, profile.organizations)).toString()) return false;

    // Round-trip the wanted names through the encoder so addresses compare in one spelling.
    const wanted = sanKeys(new x509.SubjectAlternativeNameExtension(generalNames(profile)).names.toJSON());
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    if (sanKeys(san?.names.toJSON() ?? []) !== wanted) return false;

    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    if ([...(eku?.usages ?? [])].map(String).sort().join() !== [...EXTENDED_USAGES[profile.usage]].sort().join()) {
      return false;
    }
    const now = window.now.getTime();
    const renewBefore = Math.min(RENEW_BEFORE_MS, (window.days * DAY_MS) / 3);
    return cert.notBefore.getTime() <= now && cert.notAfter.getTime() - now > renewBefore;
  } catch {
    return false;
  }
}
