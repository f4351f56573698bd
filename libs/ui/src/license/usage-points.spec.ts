import { describe, expect, it } from 'vitest';
import { chartRows } from './usage-points';

describe('chartRows', () => {
  it('orders samples by time and names the two series', () => {
    const rows = chartRows([
      { at: '2026-06-02T10:00:00Z', nodes: 12, allowedNodes: 50 },
      { at: '2026-06-01T09:30:00Z', nodes: 3, allowedNodes: 10 },
    ]);
    expect(rows).toEqual([
      { time: '06-01 09:30', Nodes: 3, Entitlement: 10 },
      { time: '06-02 10:00', Nodes: 12, Entitlement: 50 },
    ]);
  });
});
