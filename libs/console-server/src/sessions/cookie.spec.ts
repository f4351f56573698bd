import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, sessionCookieAttributes } from './cookie';

describe('sessionCookieAttributes', () => {
  it('names the cookie strata_session', () => {
    expect(SESSION_COOKIE).toBe('strata_session');
  });

  it.each([
    [{ env: {} }, false],
    [{ env: { STRATA_CONSOLE_URL: 'http://localhost:3000' } }, false],
    [{ env: { STRATA_CONSOLE_URL: 'https://console.example.com' } }, true],
    [{ env: { STRATA_CONSOLE_URL: 'https://console.example.com' }, secure: false }, false],
    [{ env: {}, secure: true }, true],
  ])('is HttpOnly, SameSite=Lax, Path=/ and Secure per %j', (options, secure) => {
    expect(sessionCookieAttributes(options)).toEqual({ httpOnly: true, sameSite: 'lax', secure, path: '/' });
  });

  it('carries the expiry when given', () => {
    const expiresAt = new Date('2026-03-01T10:00:00Z');
    expect(sessionCookieAttributes({ env: {}, expiresAt }).expires).toEqual(expiresAt);
  });
});
