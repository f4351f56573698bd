import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, withContext } from '@strata/errors';
import { forbiddenCharacterProblem } from '../http/schemas';
import {
  formatLicenseFile,
  generateLicenseKeyPair,
  LicenseClaimsSchema,
  loadTrustedKeys,
  mergeTrustedKeys,
  parseLicenseFile,
  readJwksFile,
  signLicense,
  verifyLicense,
  type LicenseClaims,
} from '@strata/licensing';
import { readSigningKey } from '../services/signing-key';
import { newId } from '../store/ids';

const DAY_MS = 86_400_000;

/** File names `keygen` writes into its output directory. */
export const KEYGEN_FILES = { privateKey: 'private.jwk.json', publicKey: 'public.jwk.json', jwks: 'jwks.json' } as const;

/**
 * Writes a new Ed25519 signing key pair: the private JWK (mode 0600, never to be committed or
 * shipped), the public JWK and a JWKS to ship with products or name in STRATA_LICENSE_TRUSTED_KEYS.
 * Refuses to overwrite an existing private key.
 */
export function keygen(options: { out: string; kid?: string; now?: Date }): { kid: string; files: string[] } {
  const privatePath = join(options.out, KEYGEN_FILES.privateKey);
  if (existsSync(privatePath)) throw new InputError(`${privatePath} already exists; choose another --out directory (keys are never overwritten)`);
  mkdirSync(options.out, { recursive: true, mode: 0o700 });
  const pair = generateLicenseKeyPair({ ...(options.kid ? { kid: options.kid } : {}), ...(options.now ? { now: options.now } : {}) });
  const files = [privatePath, join(options.out, KEYGEN_FILES.publicKey), join(options.out, KEYGEN_FILES.jwks)];
  writeFileSync(files[0] as string, `${JSON.stringify(pair.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(files[1] as string, `${JSON.stringify(pair.publicJwk, null, 2)}\n`);
  writeFileSync(files[2] as string, `${JSON.stringify(pair.jwks, null, 2)}\n`);
  return { kid: pair.kid, files };
}

/** What `issue` needs. */
export interface IssueOptions {
  key: string;
  customer: string;
  customerId?: string;
  nodes: number;
  days: number;
  plan?: string;
  features?: string[];
  graceDays?: number;
  starts?: Date;
  out: string;
  force?: boolean;
  now?: Date;
}

/** `ACME Corp` → `acme-corp`: a stable customer id for licenses issued outside the server. */
export function customerSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 64) || 'customer'
  );
}

/** Signs a license with a key from `keygen` and writes the license file. */
export async function issue(options: IssueOptions): Promise<{ claims: LicenseClaims; file: string }> {
  const key = readSigningKey(options.key);
  const now = options.now ?? new Date();
  const starts = options.starts ?? now;
  const candidate = {
    v: 1,
    licenseId: newId('lic'),
    customer: { id: options.customerId ?? customerSlug(options.customer), name: options.customer },
    plan: options.plan ?? 'standard',
    nodes: options.nodes,
    features: options.features ?? [],
    issuedAt: now.toISOString(),
    notBefore: starts.toISOString(),
    expiresAt: new Date(starts.getTime() + options.days * DAY_MS).toISOString(),
    graceDays: options.graceDays ?? 14,
  };
  // The name is signed into the license and shown by products: refuse what could disguise it.
  const nameProblem = forbiddenCharacterProblem(options.customer);
  if (nameProblem) throw new InputError(`--customer ${nameProblem}`, [{ path: '--customer', message: nameProblem }]);
  const parsed = LicenseClaimsSchema.safeParse(candidate);
  if (!parsed.success) {
    const flag: Record<string, string> = {
      nodes: '--nodes',
      plan: '--plan',
      features: '--features',
      graceDays: '--grace-days',
      expiresAt: '--days',
      'customer.name': '--customer',
      'customer.id': '--customer-id',
    };
    throw new InputError(
      'the license options are not valid',
      parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        return { path: flag[path] ?? flag[path.split('.')[0] ?? ''] ?? path, message: issue.message };
      }),
    );
  }
  const token = await signLicense(parsed.data, key.privateKey, key.kid);
  if (existsSync(options.out) && !options.force) throw new InputError(`${options.out} already exists; pass --force to replace it`);
  writeFileSync(options.out, formatLicenseFile(token, parsed.data));
  return { claims: parsed.data, file: options.out };
}

/** What `inspect` found. */
export interface InspectResult {
  ok: boolean;
  /** Human-readable report; on failure, the reason. */
  text: string;
  claims?: LicenseClaims;
  kid?: string;
}

/**
 * Reads a license file and verifies it against the shipped keys, STRATA_LICENSE_TRUSTED_KEYS
 * and any extra JWKS files. Reports the claims, or why the signature or format is bad.
 */
export function inspect(file: string, options: { trustedKeys?: string[]; now?: Date } = {}): InspectResult {
  let token: string;
  try {
    token = parseLicenseFile(readFileSync(file, 'utf8'));
  } catch (error) {
    throw withContext(
      error instanceof InputError ? error : new InputError(error instanceof Error ? error.message : String(error)),
      `reading license file ${file}`,
    );
  }
  const trusted = mergeTrustedKeys([
    { jwks: loadTrustedKeys().jwks, source: 'shipped and STRATA_LICENSE_TRUSTED_KEYS keys' },
    ...(options.trustedKeys ?? []).map((path) => ({ jwks: readJwksFile(path), source: path })),
  ]);
  const now = options.now ?? new Date();
  const result = verifyLicense(token, { trustedKeys: trusted, now });
  if (!result.ok) return { ok: false, text: `${file}: not a valid Strata license (${result.code}): ${result.reason}` };
  const c = result.claims;
  const text = [
    `License ${c.licenseId}: signature valid (key ${result.kid}), ${result.timing} on ${now.toISOString().slice(0, 10)}`,
    `  Customer:     ${c.customer.name} (${c.customer.id})`,
    ...(c.subscriptionId ? [`  Subscription: ${c.subscriptionId}`] : []),
    `  Plan:         ${c.plan}`,
    `  Nodes:        ${c.nodes}`,
    `  Features:     ${c.features.length > 0 ? c.features.join(', ') : '(none)'}`,
    `  Issued:       ${c.issuedAt}`,
    `  Not before:   ${c.notBefore}`,
    `  Expires:      ${c.expiresAt}`,
    `  Grace days:   ${c.graceDays}`,
  ].join('\n');
  return { ok: true, text, claims: c, kid: result.kid };
}
