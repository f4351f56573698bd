import { describe, expect, it } from 'vitest';
import { FeedState } from './feed-state';
import { projectRow } from './rows/project';

const pod = (uid: string, phase = 'Running') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { uid, name: `p-${uid}`, namespace: 'ns', resourceVersion: '1' },
  spec: { containers: [{ name: 'c' }], nodeName: 'w1' },
  status: { phase },
});

describe('FeedState', () => {
  const state = () => new FeedState((o) => projectRow('pods', o));

  it('is not synced before the first RESYNC', () => {
    const s = state();
    s.apply({ type: 'ADDED', object: pod('a') });
    expect(s.synced).toBe(false);
  });

  it('replaces the collection on RESYNC and answers it as a snapshot', () => {
    const s = state();
    s.apply({ type: 'ADDED', object: pod('old') });
    const message = s.apply({ type: 'RESYNC', items: [pod('a'), pod('b')], resourceVersion: '9' });
    expect(s.synced).toBe(true);
    expect(message.type).toBe('RESYNC');
    expect(message.type === 'RESYNC' && message.rows.map((r) => r.uid)).toEqual(['a', 'b']);
  });

  it('turns changes into row messages and keeps the collection current', () => {
    const s = state();
    s.apply({ type: 'RESYNC', items: [pod('a')], resourceVersion: '1' });
    expect(s.apply({ type: 'MODIFIED', object: pod('a', 'Failed') })).toMatchObject({ type: 'MODIFIED', row: { uid: 'a', phase: 'Failed' } });
    expect(s.apply({ type: 'DELETED', object: pod('a') })).toMatchObject({ type: 'DELETED', row: { uid: 'a' } });
    expect(s.snapshot()).toEqual({ type: 'RESYNC', rows: [] });
  });
});
