import { describe, expect, it } from 'vitest';
import { clientAddress } from './login-throttle';

describe('clientAddress', () => {
  it('takes the hop the nearest proxy added', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 10.0.0.1' }))).toBe('10.0.0.1');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
