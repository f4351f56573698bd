/** One named check of the API server's `/readyz` or `/livez` (see "Kubernetes API health endpoints"). */
export interface HealthCheck {
  name: string;
  healthy: boolean;
  /** `ok`, or the failure text the server gives (often "reason withheld"). */
  message: string;
}

/**
 * Parses the verbose output of `/readyz?verbose` or `/livez?verbose`:
 * `[+]etcd ok`, `[-]etcd failed: reason withheld`, then a summary line.
 */
export function parseHealthChecks(text: string): HealthCheck[] {
  const checks: HealthCheck[] = [];
  for (const line of text.split('\n')) {
    const match = /^\[([+-])\](\S+)\s*(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, sign, name = '', rest = ''] = match;
    checks.push({ name, healthy: sign === '+', message: rest || (sign === '+' ? 'ok' : 'failed') });
  }
  return checks;
}

/**
 * One entry per check across endpoints: healthy only if every endpoint reporting it says
 * so; a failure message names the endpoint (`readyz: failed: reason withheld`).
 */
export function mergeHealthChecks(byEndpoint: Record<string, HealthCheck[]>): HealthCheck[] {
  const merged = new Map<string, HealthCheck>();
  for (const [endpoint, checks] of Object.entries(byEndpoint)) {
    for (const check of checks) {
      const seen = merged.get(check.name);
      if (!seen) {
        merged.set(check.name, check.healthy ? { ...check } : { ...check, message: `${endpoint}: ${check.message}` });
      } else if (!check.healthy) {
        const message = seen.healthy ? `${endpoint}: ${check.message}` : `${seen.message}; ${endpoint}: ${check.message}`;
        merged.set(check.name, { name: check.name, healthy: false, message });
      }
    }
  }
  return [...merged.values()];
}
