import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OsImageError, osSigningKeyId, packOsImage, peekOsImageManifest, verifyOsImage } from './payload';
import { parseReleaseFile, USR_PATHS, usrImageFiles } from './usr-files';

const vendor = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const files = usrImageFiles({
  version: '4231.0.0',
  nodeAgentBundle: Buffer.from('console.log("agent")\n'),
  imageTable: { 'registry.k8s.io/etcd:3.7.0-0': 'etcd' },
});

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OsImageError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('/usr image payloads', () => {
  const payload = packOsImage({ version: '4231.0.0', files, signingKey: vendor.privateKey });

  it('round-trips every file, signed by the vendor key', () => {
    const image = verifyOsImage(payload, [other.publicKey, vendor.publicKey]);
    expect(image.manifest).toMatchObject({ format: 1, version: '4231.0.0', keyId: osSigningKeyId(vendor.publicKey) });
    expect(image.files.map((f) => f.path).sort()).toEqual(files.map((f) => f.path).sort());
    const release = image.files.find((f) => f.path === USR_PATHS.osRelease);
    expect(parseReleaseFile(release?.contents.toString() ?? '')).toMatchObject({ ID: 'strata', VERSION_ID: '4231.0.0' });
    const flatcar = image.files.find((f) => f.path === USR_PATHS.flatcarRelease);
    expect(parseReleaseFile(flatcar?.contents.toString() ?? '')).toMatchObject({
      FLATCAR_RELEASE_VERSION: '4231.0.0',
      FLATCAR_RELEASE_APPID: '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}',
    });
  });

  it('is the same key id for the private and the public half', () => {
    expect(osSigningKeyId(vendor.privateKey)).toBe(osSigningKeyId(vendor.publicKey));
    expect(osSigningKeyId(vendor.publicKey)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ['an unsigned image', () => verifyOsImage(packOsImage({ version: '1.0.0', files, signingKey: null }), [vendor.publicKey]), 'unsigned'],
    [
      'an image signed by an untrusted key',
      () => verifyOsImage(packOsImage({ version: '1.0.0', files, signingKey: other.privateKey }), [vendor.publicKey]),
      'untrusted-key',
    ],
    ['something else', () => verifyOsImage(Buffer.from('PK\u0003\u0004 not an image at all'), [vendor.publicKey]), 'magic'],
    ['a truncated image', () => verifyOsImage(payload.subarray(0, payload.length - 3), [vendor.publicKey]), 'content'],
    [
      'an image with a flipped body byte',
      () => {
        const bad = Buffer.from(payload);
        bad[bad.length - 5] = (bad[bad.length - 5] ?? 0) ^ 0xff;
        return verifyOsImage(bad, [vendor.publicKey]);
      },
      'content',
    ],
  ])('refuses %s', (_what, fn, problem) => {
    expect(problemOf(fn)).toBe(problem);
  });

  it('refuses a manifest changed after signing (the signature no longer matches)', () => {
    const manifest = peekOsImageManifest(payload);
    const forged = { ...manifest, version: '9999.0.0' };
    const headerLength = payload.readUInt32BE(13);
    const header = JSON.parse(payload.subarray(17, 17 + headerLength).toString()) as { manifest: string; signature: string };
    const newHeader = Buffer.from(JSON.stringify({ ...header, manifest: Buffer.from(JSON.stringify(forged)).toString('base64url') }));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(newHeader.length);
    const bad = Buffer.concat([payload.subarray(0, 13), len, newHeader, payload.subarray(17 + headerLength)]);
    expect(problemOf(() => verifyOsImage(bad, [vendor.publicKey]))).toBe('signature');
  });

  it('refuses paths that would leave the slot', () => {
    expect(() =>
      packOsImage({ version: '1', files: [{ path: '../etc/passwd', mode: 0o644, contents: Buffer.from('x') }], signingKey: vendor.privateKey }),
    ).toThrow(/relative path/);
  });
});
