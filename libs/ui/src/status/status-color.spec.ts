import { describe, expect, it } from 'vitest';
import { statusColor } from './status-color';

describe('statusColor', () => {
  it.each([
    ['Ready', 'green'],
    ['Running', 'green'],
    ['VALID', 'green'],
    ['NotReady', 'red'],
    ['CrashLoopBackOff', 'red'],
    ['OVER_LIMIT', 'red'],
    ['Pending', 'yellow'],
    ['OVER_LIMIT_GRACE', 'yellow'],
    ['FREE_TIER', 'blue'],
    ['SchedulingDisabled', 'blue'],
    ['', 'gray'],
    [undefined, 'gray'],
    ['Whatever', 'gray'],
  ])('draws %s in %s', (status, color) => {
    expect(statusColor(status)).toBe(color);
  });
});
