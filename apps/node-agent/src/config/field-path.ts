/** Formats a zod issue path such as `['taints', 0, 'effect']` as `taints[0].effect`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Label keys (strata.dev/pool) are quoted so the path stays unambiguous.
      text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${text ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
