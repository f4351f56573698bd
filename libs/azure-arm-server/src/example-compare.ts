/** One difference between an example's response and the server's answer: where, and what each said. */
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

function ignored(path: string, ignore: readonly string[]): boolean {
  return ignore.some((pattern) => {
    const regex = new RegExp(
      `^${pattern
        .replace(/[.[\]]/g, (c) => `\\${c}`)
        .replace(/\\\[\*\\\]/g, '\\[\\d+\\]')
        .replace(/\*\*/g, '.*')}$`,
    );
    return regex.test(path);
  });
}

/**
 * What an example's response says that the answer does not: every field of `expected`
 * must be in `actual` with the same value (arrays item by item, in order), except paths
 * matching `ignore` (`a.b[*].c`, `**.etag`). Fields only the answer has are allowed: the
 * examples are not exhaustive. Ids and types compare without case, as ARM compares them.
 */
export function compareToExample(expected: unknown, actual: unknown, ignore: readonly string[] = [], path = ''): Difference[] {
  if (path && ignored(path, ignore)) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    if (expected.length !== actual.length) return [{ path: `${path}.length`, expected: expected.length, actual: actual.length }];
    return expected.flatMap((item, i) => compareToExample(item, actual[i], ignore, `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      compareToExample(value, (actual as Record<string, unknown>)[key], ignore, path ? `${path}.${key}` : key),
    );
  }
  // ARM treats resource ids and types case-insensitively (ARM RPC, "Resource IDs").
  const key = path.split('.').pop() ?? '';
  if ((key === 'id' || key === 'type') && typeof expected === 'string' && typeof actual === 'string') {
    return expected.toLowerCase() === actual.toLowerCase() ? [] : [{ path, expected, actual }];
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}
