import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { DURING, sampleClaims } from './testing/sample-claims';

const at = (iso: string) => new Date(iso);

describe('evaluate', () => {
  describe('without a license', () => {
    it.each([0, 1, 10])('allows %i nodes on the free tier', (nodes) => {
      expect(evaluate(null, { nodes, now: DURING })).toMatchObject({ status: 'FREE_TIER', allowedNodes: 10, nodes });
    });

    it('is over the limit at 11 nodes and says what the free tier allows', () => {
      const result = evaluate(null, { nodes: 11, now: DURING });
      expect(result).toMatchObject({ status: 'OVER_LIMIT', allowedNodes: 10, nodes: 11 });
      expect(result.message).toContain('10 nodes');
      expect(result.message).toContain('11');
    });

    it('gives a running platform that went over a 30-day grace period', () => {
      const since = at('2026-06-01T00:00:00Z');
      expect(evaluate(null, { nodes: 11, now: at('2026-06-20T00:00:00Z'), overLimitSince: since })).toMatchObject({
        status: 'OVER_LIMIT_GRACE',
        graceDeadline: at('2026-07-01T00:00:00Z'),
      });
      expect(evaluate(null, { nodes: 11, now: at('2026-07-01T00:00:00Z'), overLimitSince: since }).status).toBe('OVER_LIMIT');
    });
  });

  describe('with a license', () => {
    it('allows 11 nodes with a 50-node license', () => {
      expect(evaluate(sampleClaims(), { nodes: 11, now: DURING })).toMatchObject({ status: 'VALID', allowedNodes: 50, licenseId: 'lic_test0001' });
    });

    it('never allows fewer nodes than the free tier', () => {
      expect(evaluate(sampleClaims({ nodes: 3 }), { nodes: 8, now: DURING })).toMatchObject({ status: 'VALID', allowedNodes: 10 });
    });

    it('is over the limit beyond the entitlement, with grace for a running platform', () => {
      expect(evaluate(sampleClaims(), { nodes: 51, now: DURING })).toMatchObject({ status: 'OVER_LIMIT', allowedNodes: 50 });
      const running = evaluate(sampleClaims(), { nodes: 51, now: DURING, overLimitSince: at('2026-05-25T00:00:00Z') });
      expect(running).toMatchObject({ status: 'OVER_LIMIT_GRACE', graceDeadline: at('2026-06-08T00:00:00Z') });
      expect(running.message).toContain('2026-06-08');
    });

    it.each([
      ['2027-01-01T00:00:00Z', 'EXPIRED_GRACE', 50],
      ['2027-01-14T12:00:00Z', 'EXPIRED_GRACE', 50],
      ['2027-01-15T00:00:00Z', 'EXPIRED', 10],
      ['2030-01-01T00:00:00Z', 'EXPIRED', 10],
    ])('at %s is %s allowing %i nodes', (now, status, allowedNodes) => {
      const result = evaluate(sampleClaims(), { nodes: 20, now: at(now) });
      expect(result).toMatchObject({ status, allowedNodes });
      if (status === 'EXPIRED_GRACE') expect(result.graceDeadline).toEqual(at('2027-01-15T00:00:00Z'));
      expect(result.message).toContain('2027-01-01');
    });

    it('is INVALID before notBefore and falls back to the free tier', () => {
      const result = evaluate(sampleClaims(), { nodes: 5, now: at('2025-06-01T00:00:00Z') });
      expect(result).toMatchObject({ status: 'INVALID', allowedNodes: 10 });
      expect(result.message).toContain('not valid before 2026-01-01');
    });

    it('is REVOKED when the vendor revoked it, with the reason', () => {
      const result = evaluate(sampleClaims(), { nodes: 5, now: DURING, revoked: { reason: 'refunded' } });
      expect(result).toMatchObject({ status: 'REVOKED', allowedNodes: 10 });
      expect(result.message).toContain('refunded');
    });

    it('is INVALID for a failed verification, quoting the reason', () => {
      const result = evaluate({ ok: false, code: 'bad-signature', reason: 'the signature does not match' }, { nodes: 5, now: DURING });
      expect(result).toMatchObject({ status: 'INVALID', allowedNodes: 10 });
      expect(result.message).toContain('the signature does not match');
    });

    it('reports over the limit during expiry grace with the earlier deadline', () => {
      const result = evaluate(sampleClaims(), { nodes: 60, now: at('2027-01-05T00:00:00Z'), overLimitSince: at('2027-01-04T00:00:00Z') });
      expect(result).toMatchObject({ status: 'OVER_LIMIT_GRACE', graceDeadline: at('2027-01-15T00:00:00Z') });
    });
  });
});
