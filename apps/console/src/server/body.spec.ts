import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_TABLE, errorAnswer, TooLargeError } from '@strata/errors';
import { errorResponse } from './api';
import { parseBody, readBodyText } from './body';

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(16 * 1024, bytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('readBodyText', () => {
  it('refuses a declared Content-Length over the limit before reading', async () => {
    let pulled = false;
    // A request as a server receives it: the header is what the client declared.
    const body = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const req = { headers: new Headers({ 'content-length': String(50 * 1024 * 1024) }), body } as unknown as Request;
    const res = errorResponse(await readBodyText(req, 4096).catch((e: unknown) => e));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      code: 'too-large',
      message: expect.stringContaining('4096 bytes'),
      problems: [{ path: '(body)', message: 'must be at most 4096 bytes' }],
    });
    expect(pulled).toBe(false);
  });

  it('stops a body without Content-Length at the limit', async () => {
    const req = new Request('http://x/', { method: 'POST', body: streamOf(50 * 1024 * 1024), duplex: 'half' } as RequestInit);
    const res = errorResponse(await readBodyText(req, 4096).catch((e: unknown) => e));
    expect(res.status).toBe(413);
  });

  it('answers an oversize body from the one error table, exactly as the license server does', async () => {
    const req = new Request('http://x/', { method: 'POST', body: 'x'.repeat(70_000) });
    const res = errorResponse(await readBodyText(req, 65536).catch((e: unknown) => e));
    // apps/license-server/src/http/hardening.spec.ts holds the license server's side of this pair.
    expect(res.status).toBe(ERROR_TABLE['too-large'].status);
    expect(await res.json()).toEqual(errorAnswer(new TooLargeError(65536)).body);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('parseBody', () => {
  it('lists problems with bracketed indexes', async () => {
    const schema = z.object({ spec: z.object({ workers: z.array(z.object({ replicas: z.number().min(0) })) }) });
    const req = new Request('http://x/', { method: 'POST', body: JSON.stringify({ spec: { workers: [{ replicas: 1 }, { replicas: -1 }] } }) });
    const res = errorResponse(await parseBody(req, schema).catch((e: unknown) => e));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'input', problems: [{ path: 'spec.workers[1].replicas' }] });
  });
});
