import { describe, expect, it } from 'vitest';
import { clusterTags, ownedBy, resourceName, stepTags } from './tags';

describe('tags and names', () => {
  it('marks ownership by cluster id, not by name', () => {
    const tags = stepTags(clusterTags('demo', 'id-1'), 'machine/demo-cp-0');
    expect(tags).toEqual({ 'strata.dev/cluster': 'demo', 'strata.dev/cluster-id': 'id-1', 'strata.dev/step': 'machine/demo-cp-0' });
    expect(ownedBy(tags, 'id-1')).toBe(true);
    expect(ownedBy({ 'strata.dev/cluster': 'demo', 'strata.dev/cluster-id': 'id-2' }, 'id-1')).toBe(false);
  });

  it('names resources deterministically, distinct per cluster id, within the length limit', () => {
    expect(resourceName('demo', 'id-1', 'api')).toBe(resourceName('demo', 'id-1', 'api'));
    expect(resourceName('demo', 'id-1', 'api')).not.toBe(resourceName('demo', 'id-2', 'api'));
    expect(resourceName('demo', 'id-1', 'api')).toMatch(/^strata-demo-[0-9a-f]{5}-api$/);
    expect(resourceName('a'.repeat(32), 'id', 'subnet-us-east-1a', 32).length).toBeLessThanOrEqual(32);
  });
});
