import { describe, expect, it } from 'vitest';
import { mergeHealthChecks, parseHealthChecks } from './health-checks';

const readyz = ['[+]ping ok', '[+]etcd ok', '[-]poststarthook/rbac/bootstrap-roles failed: reason withheld', '[+]shutdown ok', 'readyz check failed', ''].join(
  '\n',
);
const livez = ['[+]ping ok', '[-]etcd failed: reason withheld', 'livez check failed'].join('\n');

describe('parseHealthChecks', () => {
  it('reads each check line and ignores the summary', () => {
    expect(parseHealthChecks(readyz)).toEqual([
      { name: 'ping', healthy: true, message: 'ok' },
      { name: 'etcd', healthy: true, message: 'ok' },
      { name: 'poststarthook/rbac/bootstrap-roles', healthy: false, message: 'failed: reason withheld' },
      { name: 'shutdown', healthy: true, message: 'ok' },
    ]);
  });

  it('finds nothing in a body that is not a check list', () => {
    expect(parseHealthChecks('Forbidden')).toEqual([]);
  });
});

describe('mergeHealthChecks', () => {
  it('keeps one entry per check, failing if any endpoint fails it', () => {
    const merged = mergeHealthChecks({ readyz: parseHealthChecks(readyz), livez: parseHealthChecks(livez) });
    expect(merged.map((c) => c.name)).toEqual(['ping', 'etcd', 'poststarthook/rbac/bootstrap-roles', 'shutdown']);
    expect(merged.find((c) => c.name === 'etcd')).toEqual({ name: 'etcd', healthy: false, message: 'livez: failed: reason withheld' });
    expect(merged.find((c) => c.name === 'ping')?.healthy).toBe(true);
  });
});
