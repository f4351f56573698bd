import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TooLargeError } from '@strata/errors';
import type { Package } from './model';

/** A payload received from an upload, hashed on the way to disk. */
export interface ReceivedPayload {
  path: string;
  size: number;
  sha1Base64: string;
  sha256Base64: string;
}

/** Streams a request body into a temporary file under `dir`, computing its size, SHA-1 and SHA-256. @throws TooLargeError past `limit` bytes. */
export async function receivePayload(body: IncomingMessage, dir: string, limit: number): Promise<ReceivedPayload> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) {
        done(new TooLargeError(limit));
        return;
      }
      sha1.update(chunk);
      sha256.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, hasher, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  return { path, size, sha1Base64: sha1.digest('base64'), sha256Base64: sha256.digest('base64') };
}

/** The strong ETag of a payload: its SHA-256 in hex. */
export function etagOf(pkg: Pick<Package, 'sha256Base64'>): string {
  return `"${Buffer.from(pkg.sha256Base64, 'base64').toString('hex')}"`;
}

/** A single byte range of a `Range` header, resolved against `size`; `unsatisfiable` for one past the end; undefined for a header to ignore (not bytes, several ranges, bad syntax). */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function matchesEtag(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * Sends a payload file with HTTP caching and resuming: a strong ETag, 304 for a matching
 * If-None-Match, 206 with Content-Range for one byte range (416 with `bytes *\/size` past the
 * end), the whole file when If-Range names another version or the Range is not one range.
 */
export async function sendPayload(req: IncomingMessage, res: ServerResponse, pkg: Package, path: string): Promise<void> {
  const size = statSync(path).size;
  const etag = etagOf(pkg);
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('etag', etag);
  res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  res.setHeader('content-type', 'application/octet-stream');
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch && matchesEtag(noneMatch, etag)) {
    res.writeHead(304).end();
    return;
  }
  let range: ReturnType<typeof parseRange>;
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'] as string | undefined;
  if (rangeHeader && (!ifRange || ifRange.trim() === etag)) range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    res
      .writeHead(416, { 'content-range': `bytes */${size}`, 'content-type': 'text/plain; charset=utf-8' })
      .end(`range ${rangeHeader} is outside the ${size} bytes of ${pkg.name}\n`);
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  res.setHeader('content-length', String(Math.max(0, end - start + 1)));
  if (range) res.setHeader('content-range', `bytes ${start}-${end}/${size}`);
  res.writeHead(range ? 206 : 200);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(path, { start, end }), res);
}
