/** Formats a path such as `['spec', 'workers', 1, 'replicas']` as `spec.workers[1].replicas`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Keys such as label keys (app.kubernetes.io/name) are quoted so the path stays unambiguous.
      text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${text ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
