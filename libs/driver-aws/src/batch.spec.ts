import { describe, expect, it } from 'vitest';
import { batcher } from './batch';

describe('batcher', () => {
  it('sends what is added within the window as one batch, and a full batch at once', async () => {
    const sent: number[][] = [];
    const batch = batcher<number>(async (items) => void sent.push(items), { max: 3, windowMs: 20 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batch.add(n)));
    expect(sent).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    await batch.add(6);
    expect(sent.at(-1)).toEqual([6]);
  });

  it('rejects every item of a batch whose flush fails, and the next batch is sent anew', async () => {
    let fail = true;
    const batch = batcher<string>(
      async (items) => {
        if (fail) throw new Error(`refused ${items.join(',')}`);
      },
      { max: 10, windowMs: 5 },
    );
    const results = await Promise.allSettled([batch.add('a'), batch.add('b')]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['refused a,b', 'refused a,b']);
    fail = false;
    await expect(batch.add('c')).resolves.toBeUndefined();
  });
});
