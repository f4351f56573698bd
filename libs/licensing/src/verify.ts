import { verify, type KeyObject } from 'node:crypto';
import { LicenseClaimsSchema, type LicenseClaims } from './claims';
import { trustedKeysFromJwks, type Jwks, type TrustedKeys } from './jwks';
import { formatPath } from './problems';
import { LICENSE_TOKEN_TYPE } from './sign';
import { defaultTrustedKeys } from './trusted-keys';

/** Why a license failed verification. */
export type VerifyFailureCode = 'malformed' | 'unsupported-algorithm' | 'unknown-key' | 'bad-signature' | 'invalid-claims';

/** Where a verified license stands in time at the moment of verification. */
export type LicenseTiming = 'not-yet-valid' | 'active' | 'expired-grace' | 'expired';

/** The outcome of `verifyLicense`. */
export type LicenseVerification =
  { ok: true; claims: LicenseClaims; kid: string; timing: LicenseTiming } | { ok: false; code: VerifyFailureCode; reason: string };

/** Options of `verifyLicense`. */
export interface VerifyOptions {
  /** Exactly the keys to trust; default: the shipped keys plus STRATA_LICENSE_TRUSTED_KEYS. */
  trustedKeys?: TrustedKeys | Jwks;
  /** The instant `timing` is computed for; default now. */
  now?: Date;
}

/** Tokens beyond this size are refused before any decoding. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const ED25519_SIGNATURE_BYTES = 64;
const DAY_MS = 86_400_000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const imported = new WeakMap<Jwks, TrustedKeys>();

function fail(code: VerifyFailureCode, reason: string): LicenseVerification {
  return { ok: false, code, reason };
}

/**
 * Decodes one base64url segment, refusing any spelling other than the canonical one. Node's
 * decoder is lenient (it skips stray characters and ignores the unused low bits of the last
 * character), so without the round-trip check two different tokens could carry one signature.
 */
function decodeSegment(segment: string): Buffer | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function resolveKeys(trustedKeys: TrustedKeys | Jwks | undefined): TrustedKeys {
  if (trustedKeys === undefined) return defaultTrustedKeys();
  if ('byKid' in trustedKeys) return trustedKeys;
  let keys = imported.get(trustedKeys);
  if (!keys) {
    keys = trustedKeysFromJwks(trustedKeys);
    imported.set(trustedKeys, keys);
  }
  return keys;
}

/** Where `claims` stand at `now`: before notBefore, active, in the expiry grace period, or expired. */
export function licenseTiming(claims: LicenseClaims, now: Date): LicenseTiming {
  const t = now.getTime();
  if (t < Date.parse(claims.notBefore)) return 'not-yet-valid';
  const expiresAt = Date.parse(claims.expiresAt);
  if (t < expiresAt) return 'active';
  return t < expiresAt + claims.graceDays * DAY_MS ? 'expired-grace' : 'expired';
}

/**
 * Verifies a license token offline: a compact JWS signed with Ed25519 by a trusted key whose
 * id is in the protected header, carrying valid v1 claims. Never throws for a bad token;
 * every failure comes back as `{ ok: false, code, reason }`. Time is not a failure here:
 * `timing` tells where the license stands and `evaluate` turns that into a status.
 */
export function verifyLicense(token: string, options: VerifyOptions = {}): LicenseVerification {
  if (typeof token !== 'string' || token.length === 0) return fail('malformed', 'the license is empty');
  if (token.length > MAX_TOKEN_LENGTH) return fail('malformed', `the license is longer than ${MAX_TOKEN_LENGTH} characters`);
  const parts = token.split('.');
  if (parts.length !== 3) return fail('malformed', 'the license is not a compact JWS (three base64url parts separated by dots)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const headerBytes = decodeSegment(headerPart);
  const header = headerBytes && parseJsonObject(headerBytes);
  if (!header) return fail('malformed', 'the license header is not base64url-encoded JSON');
  if (header['alg'] !== 'EdDSA' && header['alg'] !== 'Ed25519') {
    return fail('unsupported-algorithm', `the license is signed with algorithm ${JSON.stringify(header['alg'])}; only Ed25519 (EdDSA) is accepted`);
  }
  if (header['typ'] !== undefined && header['typ'] !== LICENSE_TOKEN_TYPE) {
    return fail('malformed', `the token type is ${JSON.stringify(header['typ'])}, not a Strata license`);
  }
  // RFC 7515 §4.1.11: extensions marked critical that we do not understand must be refused.
  if (header['crit'] !== undefined) return fail('malformed', 'the license header lists critical extensions this product does not understand');
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid.length === 0) return fail('malformed', 'the license header has no key id (kid)');

  let key: KeyObject | undefined;
  try {
    key = resolveKeys(options.trustedKeys).byKid.get(kid);
  } catch (error) {
    return fail('unknown-key', `the trusted keys could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!key) return fail('unknown-key', `the license is signed with key "${kid}", which this product does not trust`);

  const signature = decodeSegment(signaturePart);
  if (!signature || signature.length !== ED25519_SIGNATURE_BYTES) return fail('bad-signature', 'the license signature is not a base64url Ed25519 signature');
  const payloadBytes = decodeSegment(payloadPart);
  if (!payloadBytes) return fail('malformed', 'the license payload is not base64url-encoded');
  const signingInput = Buffer.from(token.slice(0, headerPart.length + 1 + payloadPart.length), 'ascii');
  if (!verify(null, signingInput, key, signature))
    return fail('bad-signature', 'the license signature does not match its content (the license was altered or signed by another key)');

  const payload = parseJsonObject(payloadBytes);
  if (!payload) return fail('malformed', 'the license payload is not a JSON object');
  const parsed = LicenseClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(claims)'}: ${issue.message}`);
    return fail('invalid-claims', `the license claims are not valid: ${problems.join('; ')}`);
  }
  return { ok: true, claims: parsed.data, kid, timing: licenseTiming(parsed.data, options.now ?? new Date()) };
}
