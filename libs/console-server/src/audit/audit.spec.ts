import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { audit, listAudit } from './audit';

describe.each(BACKENDS)('audit log on %s', (backend) => {
  // Every test starts from an empty log, so the tests hold in any order.
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(backend);
  });
  afterEach(() => test.drop());

  const CREATED_AT = new Date('2026-03-01T09:00:00Z');

  /** Records three entries, oldest first: user.create, deployment.scale, node.drain. */
  async function recordThree() {
    const first = await audit(test.store, { user: 'admin', action: 'user.create', target: 'user/carol', outcome: 'success', at: CREATED_AT });
    await audit(test.store, { user: 'carol', action: 'deployment.scale', target: 'prod/default/deployment/web', outcome: 'success', detail: 'replicas 3 → 5' });
    await audit(test.store, { user: 'viewer1', action: 'node.drain', target: 'prod/node/w-1', outcome: 'denied', detail: 'role viewer may not operate' });
    return first;
  }

  it('records entries and lists them newest first', async () => {
    const first = await recordThree();
    expect(first).toEqual({ id: expect.any(Number), at: CREATED_AT, user: 'admin', action: 'user.create', target: 'user/carol', outcome: 'success' });
    const entries = await listAudit(test.store);
    expect(entries.map((e) => e.action)).toEqual(['node.drain', 'deployment.scale', 'user.create']);
    expect(entries[1]).toMatchObject({ detail: 'replicas 3 → 5', user: 'carol' });
  });

  it('pages with a cursor and filters by user', async () => {
    await recordThree();
    const page = await listAudit(test.store, { limit: 2 });
    expect(page).toHaveLength(2);
    const rest = await listAudit(test.store, { before: page[1]!.id });
    expect(rest.map((e) => e.action)).toEqual(['user.create']);
    expect((await listAudit(test.store, { user: 'carol' })).map((e) => e.action)).toEqual(['deployment.scale']);
  });

  it.each([
    [{ user: '', action: 'a', target: 't', outcome: 'success' }, 'user'],
    [{ user: 'u', action: ' ', target: 't', outcome: 'success' }, 'action'],
    [{ user: 'u', action: 'a', target: 't', outcome: 'maybe' }, 'outcome'],
  ])('refuses %j', async (event, path) => {
    const recording = audit(test.store, event as Parameters<typeof audit>[1]);
    await expect(recording).rejects.toBeInstanceOf(InputError);
    await expect(recording).rejects.toMatchObject({ problems: [expect.objectContaining({ path })] });
  });
});
