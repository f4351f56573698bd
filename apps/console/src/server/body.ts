import type { NextRequest } from 'next/server';
import { InputError, TooLargeError, problemsFromZod } from '@strata/errors';
import type { z } from 'zod';

/** Default cap on a request body: every small JSON form fits well below it. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Reads the body as text, at most `limit` bytes: a Content-Length above the limit is refused
 * before anything is read, and a body without one is streamed and cut off at the limit, so a
 * huge body is never held in memory. Over the limit it throws `TooLargeError` (413).
 */
export async function readBodyText(req: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) throw new TooLargeError(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The request's JSON body, read through {@link readBodyText} with `limit` and validated by
 * `schema`; an InputError (400) listing every problem with its path (`a.b[1].c`) otherwise.
 */
export async function parseBody<S extends z.ZodType>(req: NextRequest | Request, schema: S, limit = DEFAULT_BODY_LIMIT): Promise<z.infer<S>> {
  const text = await readBodyText(req, limit);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InputError('the request body is not JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new InputError('the request body is not valid', problemsFromZod(result.error));
  return result.data;
}
