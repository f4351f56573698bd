import { ConflictError, NotFoundError } from '@strata/errors';
import type { LicenseClaims } from '@strata/licensing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@strata/sql';
import { openDatabase } from '../db/open-database';
import { createThrowawayDatabase, DIALECTS, type ThrowawayDatabase } from '@strata/sql/testing';
import { createStore, type Store } from './store';

const T0 = new Date('2026-06-01T00:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function claimsFor(licenseId: string, customer: { id: string; name: string }, subscriptionId: string): LicenseClaims {
  return {
    v: 1,
    licenseId,
    customer,
    subscriptionId,
    plan: 'standard',
    nodes: 50,
    features: ['console'],
    issuedAt: T0.toISOString(),
    notBefore: T0.toISOString(),
    expiresAt: '2027-06-01T00:00:00.000Z',
    graceDays: 14,
  };
}

describe.each(DIALECTS)('repositories on %s', (dialect) => {
  let test: ThrowawayDatabase;
  let db: Database;
  let store: Store;

  beforeAll(async () => {
    test = await createThrowawayDatabase(dialect, 'license');
    db = await openDatabase(test.url);
    store = createStore(db);
  });
  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  async function customerWithLicense(name: string) {
    const customer = await store.customers.create({ name, email: `ops@${name.toLowerCase()}.example` }, T0);
    const subscription = await store.subscriptions.create(
      { customerId: customer.id, plan: 'standard', nodes: 50, features: ['console'], startsAt: T0, endsAt: new Date('2027-06-01T00:00:00Z'), graceDays: 14 },
      T0,
    );
    const license = await store.licenses.insert(claimsFor(`lic_${name.toLowerCase()}`, { id: customer.id, name }, subscription.id), 'a.b.c', 'kid-1');
    return { customer, subscription, license };
  }

  describe('customers', () => {
    it('creates, finds and lists customers by name', async () => {
      const created = await store.customers.create({ name: 'Zeta Ltd' }, T0);
      expect(created).toMatchObject({ name: 'Zeta Ltd', email: null, createdAt: T0.toISOString() });
      expect(created.id).toMatch(/^cus_/);
      expect(await store.customers.get(created.id)).toEqual(created);
      expect((await store.customers.list()).map((c) => c.name)).toContain('Zeta Ltd');
    });

    it('refuses a second customer with the same name', async () => {
      await store.customers.create({ name: 'Twice Inc' });
      await expect(store.customers.create({ name: 'Twice Inc' })).rejects.toBeInstanceOf(ConflictError);
    });

    it('reports a missing customer as not found', async () => {
      await expect(store.customers.get('cus_nope')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('subscriptions', () => {
    it('stores plan, nodes, features, term and status', async () => {
      const { customer, subscription } = await customerWithLicense('Subco');
      expect(subscription).toMatchObject({
        customerId: customer.id,
        plan: 'standard',
        nodes: 50,
        features: ['console'],
        graceDays: 14,
        status: 'active',
        endsAt: '2027-06-01T00:00:00.000Z',
      });
      expect(await store.subscriptions.list({ customerId: customer.id })).toEqual([subscription]);
      expect(await store.subscriptions.setStatus(subscription.id, 'cancelled')).toMatchObject({ status: 'cancelled' });
    });

    it('refuses a subscription for a customer that does not exist', async () => {
      await expect(
        store.subscriptions.create({ customerId: 'cus_ghost', plan: 'standard', nodes: 5, features: [], startsAt: T0, endsAt: minutes(10), graceDays: 0 }),
      ).rejects.toThrow();
    });
  });

  describe('licenses', () => {
    it('stores the token and terms and revokes once', async () => {
      const { customer, license } = await customerWithLicense('Licco');
      expect(license).toMatchObject({ id: 'lic_licco', customerId: customer.id, token: 'a.b.c', kid: 'kid-1', nodes: 50, revokedAt: null });
      const revoked = await store.licenses.revoke(license.id, 'refunded', minutes(5));
      expect(revoked).toMatchObject({ revokedAt: minutes(5).toISOString(), revokeReason: 'refunded' });
      expect(await store.licenses.revoke(license.id, 'again', minutes(9))).toMatchObject({ revokedAt: minutes(5).toISOString(), revokeReason: 'refunded' });
      expect((await store.licenses.list({ customerId: customer.id })).map((l) => l.id)).toEqual([license.id]);
    });

    it('tracks when a license went over its limit', async () => {
      const { license } = await customerWithLicense('Overco');
      await store.licenses.setOverLimitSince(license.id, minutes(3));
      expect((await store.licenses.get(license.id)).overLimitSince).toBe(minutes(3).toISOString());
      await store.licenses.setOverLimitSince(license.id, null);
      expect((await store.licenses.get(license.id)).overLimitSince).toBeNull();
    });
  });

  describe('activations and usage', () => {
    it('counts a replayed usage report once', async () => {
      const report = { reportId: `rep-${dialect}-1`, clusterId: 'cl-replay', nodes: 7, observedAt: minutes(1) };
      expect((await store.usage.record(report, null, minutes(1))).duplicate).toBe(false);
      expect((await store.usage.record(report, null, minutes(2))).duplicate).toBe(true);
      expect((await store.usage.record(report, null, minutes(3))).duplicate).toBe(true);
      expect(await store.usage.count({ clusterId: 'cl-replay' })).toBe(1);
      expect(await store.usage.find(report.reportId)).toMatchObject({ nodes: 7, receivedAt: minutes(1).toISOString() });
    });

    it('refuses a report id reused with different content', async () => {
      const report = { reportId: `rep-${dialect}-2`, clusterId: 'cl-reuse', nodes: 7, observedAt: minutes(1) };
      await store.usage.record(report, null);
      await expect(store.usage.record({ ...report, nodes: 8 }, null)).rejects.toBeInstanceOf(ConflictError);
    });

    it('counts concurrent replays of one report once', async () => {
      const report = { reportId: `rep-${dialect}-race`, clusterId: 'cl-race', nodes: 3, observedAt: minutes(1) };
      const results = await Promise.all(Array.from({ length: 10 }, () => store.usage.record(report, null)));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await store.usage.count({ clusterId: 'cl-race' })).toBe(1);
    });

    it('sums the report of every cluster a license covers that arrived last', async () => {
      const { customer, license } = await customerWithLicense('Usageco');
      await store.activations.activate('cl-a', license.id, 'hash-a', T0);
      await store.activations.activate('cl-b', license.id, 'hash-b', T0);
      await store.usage.record({ reportId: `${dialect}-a1`, clusterId: 'cl-a', nodes: 3, observedAt: minutes(1) }, license.id);
      await store.usage.record({ reportId: `${dialect}-a2`, clusterId: 'cl-a', nodes: 5, observedAt: minutes(2) }, license.id);
      await store.usage.record({ reportId: `${dialect}-b1`, clusterId: 'cl-b', nodes: 9, observedAt: minutes(1) }, license.id);
      // The report that arrived last is the current count, whatever time its sender claims:
      // a report dated far ahead cannot pin the count against later ones.
      await store.usage.record({ reportId: `${dialect}-a9`, clusterId: 'cl-a', nodes: 0, observedAt: new Date('2999-01-01T00:00:00Z') }, license.id);
      await store.usage.record({ reportId: `${dialect}-a0`, clusterId: 'cl-a', nodes: 1, observedAt: minutes(0) }, license.id);
      const latest = await store.usage.latestByLicense(license.id);
      expect(latest.map((c) => [c.clusterId, c.nodes])).toEqual([
        ['cl-a', 1],
        ['cl-b', 9],
      ]);
      expect((await store.usage.latestByCustomer(customer.id)).map((c) => c.nodes)).toEqual([1, 9]);
      expect((await store.usage.history('cl-a')).map((r) => r.nodes)).toEqual([1, 0, 5, 3]);
      expect(await store.usage.latestForCluster('cl-a')).toMatchObject({ nodes: 1 });
      expect(await store.licenses.standing(license.id)).toMatchObject({ revokedAt: null, otherClustersNodes: 10 });
      expect(await store.licenses.standing(license.id, 'cl-a')).toMatchObject({ otherClustersNodes: 9 });
      expect(await store.licenses.standing(license.id, 'cl-b')).toMatchObject({ otherClustersNodes: 1 });
      expect(await store.licenses.standing('lic_unknown')).toBeUndefined();
    });

    it('moves a cluster to a new license on re-activation', async () => {
      const first = await customerWithLicense('Moveco');
      const second = await customerWithLicense('Moveco2');
      await store.activations.activate('cl-move', first.license.id, 'hash-1', minutes(1));
      const moved = await store.activations.activate('cl-move', second.license.id, 'hash-2', minutes(2));
      expect(moved).toMatchObject({ licenseId: second.license.id, activatedAt: minutes(2).toISOString() });
      expect(await store.activations.listByLicense(first.license.id)).toEqual([]);
      const again = await store.activations.activate('cl-move', second.license.id, 'hash-3', minutes(3));
      expect(again).toMatchObject({ activatedAt: minutes(2).toISOString(), lastSeenAt: minutes(3).toISOString() });
      // Each activation replaces the secret, so an earlier one stops working.
      expect(await store.activations.secretHash('cl-move')).toBe('hash-3');
    });
  });

  describe('paging', () => {
    /** Every item of a list, walked `limit` at a time. */
    async function walk<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
      const all: T[] = [];
      let cursor: string | undefined;
      for (;;) {
        const next = await page(cursor);
        all.push(...next.items);
        if (next.nextCursor === null) return all;
        cursor = next.nextCursor;
      }
    }

    it('walks customers, subscriptions and licenses a page at a time, in list order', async () => {
      for (const name of ['Pagea', 'Pageb', 'Pagec']) await customerWithLicense(name);
      expect((await walk((cursor) => store.customers.page({ limit: 2, cursor }))).map((c) => c.id)).toEqual((await store.customers.list()).map((c) => c.id));
      expect((await walk((cursor) => store.subscriptions.page({}, { limit: 2, cursor }))).map((c) => c.id)).toEqual(
        (await store.subscriptions.list()).map((c) => c.id),
      );
      expect((await walk((cursor) => store.licenses.page({}, { limit: 2, cursor }))).map((c) => c.id)).toEqual((await store.licenses.list()).map((c) => c.id));
      const one = (await store.customers.list()).find((c) => c.name === 'Pageb');
      expect((await store.licenses.page({ customerId: one?.id }, { limit: 5 })).items.map((l) => l.customerId)).toEqual([one?.id]);
    });

    it('refuses a cursor it did not make', async () => {
      await expect(store.customers.page({ limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ problems: [{ path: 'query.cursor' }] });
    });
  });

  describe('admin access', () => {
    it('stores only a hash of admin tokens and accepts the token itself', async () => {
      await store.admin.putToken('env', 'slat_secret-token-value-0123456789', 'from environment');
      expect(await store.admin.isValidToken('slat_secret-token-value-0123456789')).toBe(true);
      expect(await store.admin.isValidToken('slat_wrong')).toBe(false);
      const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM admin_tokens');
      expect(stored.every((r) => !r.token_hash.includes('secret'))).toBe(true);
    });

    it('replaces a token under the same id', async () => {
      await store.admin.putToken('env', 'slat_new-token-value-0123456789', 'from environment');
      expect(await store.admin.isValidToken('slat_secret-token-value-0123456789')).toBe(false);
      expect(await store.admin.isValidToken('slat_new-token-value-0123456789')).toBe(true);
    });

    it('opens sessions that expire and can be closed', async () => {
      const session = await store.admin.createSession(60_000, T0);
      expect(await store.admin.findSession(session.sessionId, minutes(0.5))).toEqual({ expiresAt: session.expiresAt });
      expect(await store.admin.findSession(session.sessionId, minutes(2))).toBeUndefined();
      const other = await store.admin.createSession(60_000, T0);
      await store.admin.deleteSession(other.sessionId);
      expect(await store.admin.findSession(other.sessionId, T0)).toBeUndefined();
    });
  });
});
