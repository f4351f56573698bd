import { describe, expect, it } from 'vitest';
import { checkCsrf } from './csrf';

const session = { csrfToken: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE' };

describe('checkCsrf', () => {
  it('accepts the session token', () => {
    expect(checkCsrf(session, session.csrfToken)).toBe(true);
  });

  it.each([
    ['a missing value', undefined],
    ['null', null],
    ['an empty value', ''],
    ['another token', 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmB'],
    ['a prefix', session.csrfToken.slice(0, 20)],
    ['a longer value', `${session.csrfToken}x`],
  ])('refuses %s', (_, value) => {
    expect(checkCsrf(session, value)).toBe(false);
  });

  it('refuses without a session', () => {
    expect(checkCsrf(undefined, session.csrfToken)).toBe(false);
  });
});
