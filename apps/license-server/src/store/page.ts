import { InputError } from '@strata/errors';

/** One page of a list, and the cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a paged list asks for: at most `limit` items after `cursor`. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Default and largest page sizes of list endpoints. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/**
 * An opaque cursor: the sort key of the last item of a page. Keyset paging (rather than
 * offsets) keeps pages stable while rows are added and costs one index seek per page.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key in a cursor; InputError on `query.cursor` if it is not one this server made. */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((part, i) => typeof part !== shape[i])) {
    throw new InputError('query.cursor is not a cursor from a previous page', [{ path: 'query.cursor', message: 'must be the nextCursor of a previous page' }]);
  }
  return key as (string | number)[];
}

/** Cuts one extra fetched row off and turns the last kept row into the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
