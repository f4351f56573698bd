import { InputError, type FieldProblem } from '@strata/errors';
import { parsePrivateKey, publicPemOfPrivateKey, spkiOfPrivateKey } from './keys';
import { CA_PATHS, SERVICE_ACCOUNT_PATH, leafPath, parseAssetPath, type AssetPath } from './layout';
import type { CertifiedKey, ExistingPki } from './types';
import { x509 } from './x509';

/** A file as read back from an asset directory; the mode does not matter for loading. */
export interface LoadableFile {
  path: string;
  contents: string;
}

interface Halves {
  crt?: string;
  key?: string;
}

function checkPair(base: string, halves: Halves, problems: FieldProblem[]): CertifiedKey | undefined {
  if (halves.crt === undefined || halves.key === undefined) return undefined;
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(halves.crt);
  } catch {
    problems.push({ path: `${base}.crt`, message: 'is not a PEM certificate' });
    return undefined;
  }
  let spki: Buffer;
  try {
    spki = spkiOfPrivateKey(parsePrivateKey(halves.key));
  } catch {
    problems.push({ path: `${base}.key`, message: 'is not a PEM private key' });
    return undefined;
  }
  if (!Buffer.from(cert.publicKey.rawData).equals(spki)) {
    problems.push({ path: `${base}.key`, message: `does not belong to ${base}.crt` });
    return undefined;
  }
  return { certPem: halves.crt, keyPem: halves.key };
}

/**
 * Reads the certificates and keys of an earlier run back from its files (paths as written by
 * `pkiFiles`), for `generatePki(plan, existing)`. Kubeconfigs and unknown files are ignored:
 * kubeconfigs are always rendered again from the certificates.
 *
 * A leaf certificate without its key (or the reverse) is left out and will be issued again;
 * a CA certificate without its key is an error, since issuing a new CA would invalidate
 * everything the old one signed.
 * @throws InputError naming each unreadable file, each key that does not match its
 *   certificate, and each CA certificate whose key is missing.
 */
export function loadPki(files: LoadableFile[]): ExistingPki {
  const slots = new Map<string, Halves & { at: AssetPath }>();
  let saKey: string | undefined;
  for (const file of files) {
    const at = parseAssetPath(file.path);
    if (at === undefined) continue;
    if (at.kind === 'service-account') {
      if (at.part === 'key') saKey = file.contents;
      continue;
    }
    const base = at.kind === 'ca' ? CA_PATHS[at.name] : leafPath(at.slot, at.kind === 'machine' ? at.machine : undefined);
    slots.set(base, { at, ...slots.get(base), [at.part]: file.contents });
  }

  const problems: FieldProblem[] = [];
  const existing: ExistingPki = {};
  for (const [base, { at, ...halves }] of slots) {
    if (at.kind === 'ca' && halves.crt !== undefined && halves.key === undefined) {
      problems.push({ path: `${base}.key`, message: `is missing while ${base}.crt exists; restore it or remove both` });
    }
    const pair = checkPair(base, halves, problems);
    if (pair === undefined) continue;
    if (at.kind === 'ca') existing[at.name] = pair;
    else if (at.kind === 'shared') existing[at.slot] = pair;
    else if (at.kind === 'machine') existing[at.slot] = { ...existing[at.slot], [at.machine]: pair };
  }
  if (saKey !== undefined) {
    try {
      // sa.pub is not read: the public half is derived from the private key, so they always match.
      existing.serviceAccount = { privateKeyPem: saKey, publicKeyPem: publicPemOfPrivateKey(parsePrivateKey(saKey)) };
    } catch {
      problems.push({ path: `${SERVICE_ACCOUNT_PATH}.key`, message: 'is not a PEM private key' });
    }
  }
  if (problems.length > 0) throw new InputError('the existing PKI files cannot be used', problems);
  return existing;
}
