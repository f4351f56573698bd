import type { NextRequest } from 'next/server';
import { InputError } from '@strata/errors';
import type { z } from 'zod';

/**
 * The request's JSON body validated by `schema`; an InputError (400) listing every
 * problem with its path otherwise.
 */
export async function parseBody<S extends z.ZodType>(req: NextRequest, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new InputError('the request body is not JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new InputError(
      'the request body is not valid',
      result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message })),
    );
  }
  return result.data;
}
