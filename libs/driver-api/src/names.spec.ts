import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_RULES, platformName, resourceName, type NameRule } from './names';
import type { Platform } from './ownership';

const rules = Object.entries(NAME_RULES).flatMap(([platform, kinds]) =>
  Object.entries(kinds).map(([kind, rule]) => [platform as Platform, kind, rule] as [Platform, string, NameRule]),
);

describe('resource names', () => {
  it('keeps a hash of the whole name when cut, so near-identical long names differ', () => {
    const a = resourceName('production-cluster', 'id', 'subnet-us-east-1a', 32);
    const b = resourceName('production-cluster', 'id', 'subnet-us-east-1b', 32);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(32);
  });

  it.each(rules)('%s %s: thousands of generated names never collide, never exceed the limit, match the charset', (platform, kind, rule) => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 70 }), fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 80 })), {
          minLength: 1000,
          maxLength: 1000,
          selector: ([c, id, s]) => JSON.stringify([c, id, s]),
        }),
        (inputs) => {
          const seen = new Map<string, string>();
          for (const [c, id, s] of inputs) {
            const name = platformName(platform, kind, c, id, s);
            expect(name.length).toBeLessThanOrEqual(rule.max);
            expect(name).toMatch(rule.pattern);
            const key = JSON.stringify([c, id, s]);
            const full = `strata-${c}-${id}-${s}`;
            const other = seen.get(name);
            if (other !== undefined && other !== full) expect.fail(`${name} for both ${other} and ${key}`);
            seen.set(name, full);
          }
        },
      ),
      { numRuns: 3 },
    );
  });
});
