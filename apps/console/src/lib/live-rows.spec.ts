import { describe, expect, it } from 'vitest';
import { LiveRows } from './live-rows';
import type { RowBase } from './rows';

const row = (uid: string, extra: Partial<RowBase & { v: number }> = {}) => ({ uid, name: uid, ...extra });

describe('LiveRows', () => {
  it('collects pages in order', () => {
    const live = new LiveRows<RowBase>();
    live.addPage([row('a'), row('b')]);
    live.addPage([row('c')]);
    expect(live.values().map((r) => r.uid)).toEqual(['a', 'b', 'c']);
  });

  it('applies added, modified and deleted messages', () => {
    const live = new LiveRows<RowBase & { v?: number }>();
    live.addPage([row('a', { v: 1 }), row('b')]);
    expect(live.apply({ type: 'MODIFIED', row: row('a', { v: 2 }) })).toBe(true);
    expect(live.apply({ type: 'ADDED', row: row('c') })).toBe(true);
    expect(live.apply({ type: 'DELETED', row: row('b') })).toBe(true);
    expect(live.values()).toEqual([row('a', { v: 2 }), row('c')]);
  });

  it('keeps a streamed change when an older page arrives after it', () => {
    const live = new LiveRows<RowBase & { v?: number }>();
    live.apply({ type: 'MODIFIED', row: row('a', { v: 2 }) });
    live.apply({ type: 'DELETED', row: row('b') });
    live.addPage([row('a', { v: 1 }), row('b')]);
    expect(live.values()).toEqual([row('a', { v: 2 })]);
  });

  it('replaces everything on a resync and ignores later pages', () => {
    const live = new LiveRows<RowBase>();
    live.addPage([row('a'), row('gone')]);
    live.apply({ type: 'RESYNC', rows: [row('a'), row('new')] });
    live.addPage([row('stale')]);
    expect(live.resynced).toBe(true);
    expect(live.values().map((r) => r.uid)).toEqual(['a', 'new']);
  });

  it('holds no record of streamed rows once the last page is in, however long the churn', () => {
    const live = new LiveRows<RowBase>();
    live.apply({ type: 'ADDED', row: row('early') });
    expect(live.protectedIds).toBe(1);
    live.addPage([row('a')]);
    live.pagesDone();
    for (let i = 0; i < 1_000; i++) {
      live.apply({ type: 'ADDED', row: row(`churn-${i}`) });
      live.apply({ type: 'DELETED', row: row(`churn-${i}`) });
    }
    expect(live.protectedIds).toBe(0);
    expect(live.values().map((r) => r.uid)).toEqual(['early', 'a']);
  });

  it('ignores status messages', () => {
    const live = new LiveRows<RowBase>();
    expect(live.apply({ type: 'STATUS', state: 'watching' })).toBe(false);
    expect(live.size).toBe(0);
  });
});
