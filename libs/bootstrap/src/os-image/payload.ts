import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '@strata/errors';

/**
 * The `/usr` image a Strata OS update installs into a machine's passive slot, the part of a
 * Flatcar update payload this platform needs: a manifest naming every file with its mode,
 * size and SHA-256, signed with the vendor's Ed25519 key, followed by the file bodies in
 * manifest order.
 *
 * Layout: `STRATA-USR/1\n`, a 4-byte big-endian header length, the header JSON
 * (`{"manifest":"<base64url manifest JSON>","signature":"<base64url Ed25519 signature of
 * those bytes>"}`), then the bodies. Verifying the signature over the exact manifest bytes
 * and every body against its hash proves the whole image.
 */
export const OS_IMAGE_MAGIC = 'STRATA-USR/1\n';

const PathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.split('/').includes(''), 'must be a relative path without ".." or empty parts');

export const OsImageManifestSchema = z.strictObject({
  format: z.literal(1),
  /** The OS version the image carries (`VERSION_ID` of its os-release). */
  version: z.string().min(1),
  builtAt: z.string(),
  /** Key id of the signing key (see {@link osSigningKeyId}); empty for an unsigned image. */
  keyId: z.string(),
  files: z.array(
    z.strictObject({
      path: PathSchema,
      mode: z.number().int().min(0).max(0o7777),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type OsImageManifest = z.infer<typeof OsImageManifestSchema>;

/** One file of a `/usr` image, its path relative to `/usr`. */
export interface OsImageFile {
  path: string;
  mode: number;
  contents: Buffer;
}

/** Why an image was refused; the update engine maps each to its update_engine error code. */
export type OsImageProblem = 'magic' | 'unsigned' | 'untrusted-key' | 'signature' | 'manifest' | 'content';

/** An image that is not a complete, validly signed Strata `/usr` image. */
export class OsImageError extends InputError {
  readonly problem: OsImageProblem;
  constructor(problem: OsImageProblem, message: string) {
    super(message, [{ path: 'payload', message }]);
    this.problem = problem;
  }
}

/** The key id of an Ed25519 public key: the first 16 hex digits of the SHA-256 of its SPKI DER encoding. */
export function osSigningKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Packs and signs a `/usr` image. `signingKey` null makes an unsigned image, which every
 * machine refuses; it exists so that refusal can be tested.
 */
export function packOsImage(options: { version: string; files: OsImageFile[]; signingKey: KeyObject | null; now?: Date }): Buffer {
  if (options.signingKey && (options.signingKey.type !== 'private' || options.signingKey.asymmetricKeyType !== 'ed25519')) {
    throw new InputError('the OS image signing key must be a private Ed25519 key', [{ path: 'key', message: 'not a private Ed25519 key' }]);
  }
  const files = [...options.files].sort((a, b) => a.path.localeCompare(b.path));
  const manifest: OsImageManifest = OsImageManifestSchema.parse({
    format: 1,
    version: options.version,
    builtAt: (options.now ?? new Date()).toISOString(),
    keyId: options.signingKey ? osSigningKeyId(options.signingKey) : '',
    files: files.map((f) => ({ path: f.path, mode: f.mode, size: f.contents.length, sha256: sha256(f.contents) })),
  });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const signature = options.signingKey ? sign(null, manifestBytes, options.signingKey) : Buffer.alloc(0);
  const header = Buffer.from(JSON.stringify({ manifest: manifestBytes.toString('base64url'), signature: signature.toString('base64url') }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([Buffer.from(OS_IMAGE_MAGIC), length, header, ...files.map((f) => f.contents)]);
}

/** A verified image: its manifest and files. */
export interface VerifiedOsImage {
  manifest: OsImageManifest;
  files: OsImageFile[];
}

/** Reads only the manifest, without verifying anything (for display). */
export function peekOsImageManifest(payload: Buffer): OsImageManifest {
  return parseEnvelope(payload).manifest;
}

function parseEnvelope(payload: Buffer): { manifest: OsImageManifest; manifestBytes: Buffer; signature: Buffer; bodyStart: number } {
  const magic = Buffer.from(OS_IMAGE_MAGIC);
  if (payload.length < magic.length + 4 || !payload.subarray(0, magic.length).equals(magic)) {
    throw new OsImageError('magic', `the payload is not a Strata /usr image (it does not start with ${JSON.stringify(OS_IMAGE_MAGIC.trim())})`);
  }
  const headerLength = payload.readUInt32BE(magic.length);
  const headerStart = magic.length + 4;
  if (headerStart + headerLength > payload.length) throw new OsImageError('manifest', 'the payload is truncated inside its header');
  let header: { manifest?: unknown; signature?: unknown };
  try {
    header = JSON.parse(payload.subarray(headerStart, headerStart + headerLength).toString('utf8')) as typeof header;
  } catch {
    throw new OsImageError('manifest', 'the payload header is not JSON');
  }
  if (typeof header.manifest !== 'string' || typeof header.signature !== 'string')
    throw new OsImageError('manifest', 'the payload header lacks manifest or signature');
  const manifestBytes = Buffer.from(header.manifest, 'base64url');
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw new OsImageError('manifest', 'the payload manifest is not JSON');
  }
  const parsed = OsImageManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new OsImageError('manifest', `the payload manifest is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { manifest: parsed.data, manifestBytes, signature: Buffer.from(header.signature, 'base64url'), bodyStart: headerStart + headerLength };
}

/**
 * Verifies a payload against the machine's trusted public keys and returns its files.
 * @throws OsImageError naming what is wrong: not an image, unsigned, signed by an untrusted
 *   key, a signature that does not match, or a file that differs from its manifest entry.
 */
export function verifyOsImage(payload: Buffer, trustedKeys: KeyObject[]): VerifiedOsImage {
  const { manifest, manifestBytes, signature, bodyStart } = parseEnvelope(payload);
  if (signature.length === 0 || manifest.keyId === '')
    throw new OsImageError('unsigned', `the /usr image ${manifest.version} is not signed; only signed images are installed`);
  const key = trustedKeys.find((k) => osSigningKeyId(k) === manifest.keyId);
  if (!key) {
    throw new OsImageError(
      'untrusted-key',
      `the /usr image ${manifest.version} is signed by key ${manifest.keyId}, which this machine does not trust (trusted: ${trustedKeys.map(osSigningKeyId).join(', ') || 'none'})`,
    );
  }
  if (!verify(null, manifestBytes, key, signature))
    throw new OsImageError('signature', `the signature of the /usr image ${manifest.version} does not match its manifest`);
  return { manifest, files: readBodies(payload, manifest, bodyStart) };
}

/** Reads the files of an image whose manifest is trusted another way (the factory image a machine is made with). */
export function readOsImageUnverified(payload: Buffer): VerifiedOsImage {
  const { manifest, bodyStart } = parseEnvelope(payload);
  return { manifest, files: readBodies(payload, manifest, bodyStart) };
}

function readBodies(payload: Buffer, manifest: OsImageManifest, bodyStart: number): OsImageFile[] {
  const files: OsImageFile[] = [];
  let offset = bodyStart;
  for (const entry of manifest.files) {
    const contents = payload.subarray(offset, offset + entry.size);
    offset += entry.size;
    if (contents.length !== entry.size || sha256(contents) !== entry.sha256) {
      throw new OsImageError('content', `the /usr image ${manifest.version} is corrupt: ${entry.path} does not match its manifest`);
    }
    files.push({ path: entry.path, mode: entry.mode, contents });
  }
  if (offset !== payload.length)
    throw new OsImageError('content', `the /usr image ${manifest.version} has ${payload.length - offset} bytes after its last file`);
  return files;
}
