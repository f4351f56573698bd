import { x509 } from '../x509';

/** The SANs of a PEM certificate as `dns:name` / `ip:address` strings, sorted. */
export function sansOf(certPem: string): string[] {
  const cert = new x509.X509Certificate(certPem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.toJSON() ?? []).map((n) => `${n.type}:${n.value}`).sort();
}

/** The subject of a PEM certificate, e.g. `O=system:nodes, CN=system:node:a`. */
export function subjectOf(certPem: string): string {
  return new x509.X509Certificate(certPem).subject;
}

/** The extended key usage OIDs of a PEM certificate. */
export function extendedUsagesOf(certPem: string): string[] {
  const eku = new x509.X509Certificate(certPem).getExtension(x509.ExtendedKeyUsageExtension);
  return (eku?.usages ?? []).map(String).sort();
}

/** Parses a PEM certificate. */
export function parseCert(certPem: string): x509.X509Certificate {
  return new x509.X509Certificate(certPem);
}

export const SERVER_AUTH = x509.ExtendedKeyUsage.serverAuth;
export const CLIENT_AUTH = x509.ExtendedKeyUsage.clientAuth;
