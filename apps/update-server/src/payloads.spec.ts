import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from './payloads';
import { createTestServer, newMachineId, payloadOf, type TestServer } from './testing/test-server';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-1', undefined],
    ['bytes=0-1,5-9', undefined],
    ['items=0-1', undefined],
  ])('%s of 1000 bytes', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe('payload downloads', () => {
  let t: TestServer;
  const payload = payloadOf(3 * 1024 * 1024 + 17, 11);
  let url: string;
  let etag: string;

  beforeAll(async () => {
    t = await createTestServer('sqlite');
    await t.publish('2.0.0', payload, 'stable');
    const check = (await t.check({ machineId: newMachineId(), version: '1.0.0' })).apps[0]!.updateCheck!;
    url = `${check.urls[0]}${check.packages[0]!.name}`;
    const head = await fetch(url, { method: 'HEAD' });
    etag = head.headers.get('etag')!;
  });
  afterAll(() => t?.close());

  it('serves the whole payload with a strong ETag (its SHA-256) and Accept-Ranges', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(payload.length));
    expect(etag).toBe(`"${createHash('sha256').update(payload).digest('hex')}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(payload)).toBe(true);
  });

  it('answers 206 with Content-Range for a range, 416 past the end', async () => {
    const res = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${payload.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(payload.subarray(100, 200))).toBe(true);
    const suffix = await fetch(url, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(payload.subarray(payload.length - 10))).toBe(true);
    const past = await fetch(url, { headers: { range: `bytes=${payload.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${payload.length}`);
    await past.text();
  });

  it('honours If-None-Match (304) and If-Range (the whole file when the version changed)', async () => {
    const cached = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const same = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': etag } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const changed = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': '"another-version"' } });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBe(payload.length);
  });

  it('resumes an interrupted download: the rest, byte-exactly', async () => {
    const partial = await new Promise<Buffer>((done, fail) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const req = get(url, (res) => {
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= 1024 * 1024) {
            req.destroy();
            done(Buffer.concat(chunks));
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', (error) => (size >= 1024 * 1024 ? undefined : fail(error)));
    });
    expect(partial.length).toBeLessThan(payload.length);
    const rest = await fetch(url, { headers: { range: `bytes=${partial.length}-`, 'if-range': etag } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes ${partial.length}-${payload.length - 1}/${payload.length}`);
    const whole = Buffer.concat([partial, Buffer.from(await rest.arrayBuffer())]);
    expect(whole.length).toBe(payload.length);
    expect(createHash('sha256').update(whole).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
  });

  it('404 for a file that is not published, without reaching outside the packages directory', async () => {
    expect((await fetch(`${t.url}/v1/packages/2.0.0/other.payload`)).status).toBe(404);
    expect((await fetch(`${t.url}/v1/packages/..%2F..%2Fadmin-token`)).status).toBe(404);
    expect((await fetch(`${t.url}/v1/packages/../admin-token`)).status).toBe(404);
  });
});
