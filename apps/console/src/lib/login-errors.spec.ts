import { describe, expect, it } from 'vitest';
import { LOGIN_ERRORS, loginErrorText } from './login-errors';

describe('loginErrorText', () => {
  it.each(Object.entries(LOGIN_ERRORS))('shows the fixed text of %s', (code, text) => {
    expect(loginErrorText(code)).toBe(text);
  });

  it.each(['Your account is suspended, call +1 555 0100', '<script>alert(1)</script>', 'toString', '__proto__'])('never shows attacker text %j', (code) => {
    expect(loginErrorText(code)).toBe('The sign-in failed; try again.');
  });

  it('shows nothing without a code', () => {
    expect(loginErrorText(undefined)).toBeUndefined();
  });
});
