import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { RecentWarnings, summarizeEvent } from './warnings';

const legacy = (name: string, last: string, count = 3): CoreV1Event => ({
  metadata: { name, namespace: 'default', creationTimestamp: new Date('2030-01-01T00:00:00Z') },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' },
  reason: 'BackOff',
  message: `${name} restarting`,
  type: 'Warning',
  count,
  lastTimestamp: new Date(last),
});

describe('summarizeEvent', () => {
  it('reads count and lastTimestamp of core/v1 recorders', () => {
    expect(summarizeEvent(legacy('a', '2030-01-02T03:04:05Z'))).toEqual({
      reason: 'BackOff',
      message: 'a restarting',
      object: 'Pod default/web-1',
      count: 3,
      lastSeen: '2030-01-02T03:04:05.000Z',
    });
  });

  it('reads series and eventTime of events.k8s.io recorders', () => {
    const event: CoreV1Event = {
      metadata: { name: 'b' },
      involvedObject: { kind: 'Node', name: 'w-1' },
      reason: 'FailedScheduling',
      eventTime: new Date('2030-01-01T00:00:00Z') as CoreV1Event['eventTime'],
      series: { count: 7, lastObservedTime: new Date('2030-01-05T00:00:00Z') as CoreV1Event['eventTime'] },
    };
    expect(summarizeEvent(event)).toMatchObject({ object: 'Node w-1', count: 7, lastSeen: '2030-01-05T00:00:00.000Z' });
  });
});

describe('RecentWarnings', () => {
  it('keeps only the newest, newest first', () => {
    const recent = new RecentWarnings(2);
    recent.add([legacy('old', '2030-01-01T00:00:00Z'), legacy('new', '2030-01-03T00:00:00Z')]);
    recent.add([legacy('mid', '2030-01-02T00:00:00Z')]);
    expect(recent.items.map((w) => w.message)).toEqual(['new restarting', 'mid restarting']);
  });
});
