import { describe, expect, it } from 'vitest';
import { OWNERSHIP_ENCODERS, ownershipProblems, type Platform } from './ownership';

const long = 'x'.repeat(600);

describe('ownership encoders', () => {
  it.each<[Platform, { maxLabelKey: number; maxLabelValue: number; maxTags: number; maxTag: number }]>([
    ['local', { maxLabelKey: 253, maxLabelValue: 1024, maxTags: 0, maxTag: 0 }],
    ['aws', { maxLabelKey: 128, maxLabelValue: 256, maxTags: 0, maxTag: 0 }],
    ['azure', { maxLabelKey: 512, maxLabelValue: 256, maxTags: 0, maxTag: 0 }],
    ['openstack', { maxLabelKey: 255, maxLabelValue: 255, maxTags: 50, maxTag: 60 }],
  ])('%s: documented limits, encodings within them, round trip', (platform, limits) => {
    const encoder = OWNERSHIP_ENCODERS[platform];
    expect(encoder.limits).toMatchObject(limits);
    const marks = { cluster: 'demo', clusterId: '0d5c2f7e-1b2a-4c3d-9e8f-123456789abc', step: 'machine/demo-cp-0' };
    const encoded = encoder.encode(marks);
    expect(ownershipProblems(encoder, encoded)).toEqual([]);
    expect(encoder.decode(encoded)).toEqual(marks);
    const huge = encoder.encode({ cluster: long, clusterId: long, step: long });
    expect(ownershipProblems(encoder, huge)).toEqual([]);
    expect(encoder.encode({ cluster: long, clusterId: `${long}a` }).labels).not.toEqual(encoder.encode({ cluster: long, clusterId: `${long}b` }).labels);
    expect(encoder.decode({ labels: {} })).toBeUndefined();
  });

  it('azure keys carry no character Azure forbids in tag names', () => {
    for (const key of Object.keys(OWNERSHIP_ENCODERS.azure.encode({ cluster: 'a', clusterId: 'b', step: 'c/d' }).labels)) expect(key).not.toMatch(/[<>%&\\?/]/);
  });

  it('openstack server tags have no / or , and fit 60 characters', () => {
    const { tags } = OWNERSHIP_ENCODERS.openstack.encode({ cluster: 'a', clusterId: 'id/with,odd'.repeat(10) });
    expect(tags).toHaveLength(1);
    expect(tags[0]!.length).toBeLessThanOrEqual(60);
    expect(tags[0]).not.toMatch(/[/,]/);
  });

  it('reports a label over the limit', () => {
    expect(ownershipProblems(OWNERSHIP_ENCODERS.aws, { labels: { 'aws:x': 'v'.repeat(300) }, tags: [] })).toEqual([
      'value of aws:x is longer than 256',
      'key aws:x uses a reserved prefix',
    ]);
  });
});
