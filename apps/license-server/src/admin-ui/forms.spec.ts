import { describe, expect, it } from 'vitest';
import { parseCustomerForm, parseSubscriptionForm } from './forms';

describe('parseCustomerForm', () => {
  it('accepts a name and an optional email', () => {
    expect(parseCustomerForm({ name: ' ACME ', email: '' })).toEqual({ ok: true, value: { name: 'ACME' } });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', email: 'not-an-email' }, 'email'],
    [{ name: 'x'.repeat(201) }, 'name'],
  ])('names the bad field of %j', (form, fieldName) => {
    const result = parseCustomerForm(form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([fieldName]);
  });
});

describe('parseSubscriptionForm', () => {
  it('turns form text into a subscription request', () => {
    expect(
      parseSubscriptionForm('cus_abc', { plan: 'standard', nodes: '50', termDays: '30', graceDays: '7', startsOn: '2026-07-01', features: 'console, support' }),
    ).toEqual({
      ok: true,
      value: {
        customerId: 'cus_abc',
        plan: 'standard',
        nodes: 50,
        termDays: 30,
        graceDays: 7,
        startsAt: '2026-07-01T00:00:00Z',
        features: ['console', 'support'],
      },
    });
  });

  it.each([
    [{ plan: 'standard', nodes: '' }, 'nodes'],
    [{ plan: 'standard', nodes: 'many' }, 'nodes'],
    [{ plan: 'Gold Plan', nodes: '5' }, 'plan'],
    [{ plan: 'standard', nodes: '5', startsOn: 'tomorrow' }, 'startsOn'],
    [{ plan: 'standard', nodes: '5', features: 'a, a' }, 'features'],
    [{ plan: 'standard', nodes: '5', graceDays: '-2' }, 'graceDays'],
  ])('names the bad field of %j', (form, fieldName) => {
    const result = parseSubscriptionForm('cus_abc', form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toContain(fieldName);
  });
});
