import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAllowedError } from '@strata/errors';
import { sessionFromToken, createSession } from '../sessions/sessions';
import { loginThroughDex, startDex, type TestDex } from '../testing/dex';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { authenticatePassword } from '../users/authenticate';
import { createUser, listUsers } from '../users/users';
import type { OidcConfig } from './oidc-config';
import { beginOidcLogin, completeOidcLogin } from './oidc-login';

let dex: TestDex;
beforeAll(async () => {
  dex = await startDex();
});
afterAll(() => dex?.stop());

function config(overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: dex.issuer,
    clientId: dex.clientId,
    clientSecret: dex.clientSecret,
    redirectUri: dex.redirectUri,
    scopes: ['openid', 'profile', 'email', 'groups'],
    groupsClaim: 'groups',
    adminGroups: ['platform-admins'],
    operatorGroups: ['authors'],
    ...overrides,
  };
}

describe.each(BACKENDS)('OIDC login through Dex on %s', (backend) => {
  let test: TestStore;
  beforeAll(async () => {
    test = await openTestStore(backend);
  });
  afterAll(() => test.drop());

  it('starts an authorization-code request with PKCE, state and nonce', async () => {
    const start = await beginOidcLogin(config());
    const url = new URL(start.url);
    expect(url.href.startsWith(`${dex.issuer}/auth`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: dex.clientId,
      redirect_uri: dex.redirectUri,
      response_type: 'code',
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
      state: start.state,
      nonce: start.nonce,
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(start.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });

  it('signs in a password-database user as a viewer and finds the same user next time', async () => {
    const start = await beginOidcLogin(config());
    const callback = await loginThroughDex(dex, start.url, { connector: 'local', login: dex.user.email, password: dex.user.password });
    expect(new URL(callback).searchParams.get('state')).toBe(start.state);
    const user = await completeOidcLogin(config(), test.store, callback, start);
    // Dex's password database sends no preferred_username: the email becomes the username.
    expect(user).toMatchObject({ username: 'ada@example.com', displayName: 'ada', role: 'viewer', source: 'oidc', email: 'ada@example.com' });
    expect(user.lastLoginAt).toBeInstanceOf(Date);

    const again = await beginOidcLogin(config());
    const second = await completeOidcLogin(
      config(),
      test.store,
      await loginThroughDex(dex, again.url, { connector: 'local', login: dex.user.email, password: dex.user.password }),
      again,
    );
    expect(second.id).toBe(user.id);
    expect((await listUsers(test.store)).filter((u) => u.source === 'oidc')).toHaveLength(1);

    // The user gets an ordinary console session, and has no console password.
    const session = await createSession(test.store, user.id);
    expect((await sessionFromToken(test.store, session.token))?.user.username).toBe('ada@example.com');
    expect(await authenticatePassword(test.store, 'ada@example.com', dex.user.password)).toBeUndefined();
  });

  it('maps groups to roles on every login', async () => {
    const start = await beginOidcLogin(config());
    const operator = await completeOidcLogin(config(), test.store, await loginThroughDex(dex, start.url, { connector: 'mock' }), start);
    expect(operator).toMatchObject({ role: 'operator', source: 'oidc', email: 'kilgore@kilgore.trout' });

    const promoted = config({ adminGroups: ['authors'] });
    const next = await beginOidcLogin(promoted);
    const admin = await completeOidcLogin(promoted, test.store, await loginThroughDex(dex, next.url, { connector: 'mock' }), next);
    expect(admin).toMatchObject({ id: operator.id, role: 'admin' });
  });

  it('refuses a callback whose state does not match', async () => {
    const start = await beginOidcLogin(config());
    const callback = await loginThroughDex(dex, start.url, { connector: 'mock' });
    await expect(completeOidcLogin(config(), test.store, callback, { ...start, state: 'forged-state' })).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('refuses a code used twice or with another PKCE verifier', async () => {
    const start = await beginOidcLogin(config());
    const callback = await loginThroughDex(dex, start.url, { connector: 'mock' });
    const other = await beginOidcLogin(config());
    await expect(completeOidcLogin(config(), test.store, callback, { ...start, codeVerifier: other.codeVerifier })).rejects.toBeInstanceOf(NotAllowedError);
    const fresh = await beginOidcLogin(config());
    const good = await loginThroughDex(dex, fresh.url, { connector: 'mock' });
    await completeOidcLogin(config(), test.store, good, fresh);
    await expect(completeOidcLogin(config(), test.store, good, fresh)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('refuses an error returned by the provider', async () => {
    const start = await beginOidcLogin(config());
    const denied = `${dex.redirectUri}?error=access_denied&error_description=user+cancelled&state=${start.state}`;
    await expect(completeOidcLogin(config(), test.store, denied, start)).rejects.toThrow(/refused the sign-in: access_denied \(user cancelled\)/);
  });

  it('does not get past Dex with a wrong password', async () => {
    const start = await beginOidcLogin(config());
    await expect(loginThroughDex(dex, start.url, { connector: 'local', login: dex.user.email, password: 'wrong-password' })).rejects.toThrow(
      /Invalid username and password/,
    );
  });
});

describe('OIDC login next to a local user of the same name', () => {
  it('gives the provider user a distinct username', async () => {
    const test = await openTestStore('sqlite');
    try {
      await createUser(test.store, { username: 'ada@example.com', password: 'local-ada-password', role: 'admin' });
      const start = await beginOidcLogin(config());
      const user = await completeOidcLogin(
        config(),
        test.store,
        await loginThroughDex(dex, start.url, { connector: 'local', login: dex.user.email, password: dex.user.password }),
        start,
      );
      expect(user.username).toMatch(/^ada@example\.com-[a-z2-7]{5}$/);
      expect(await authenticatePassword(test.store, 'ada@example.com', 'local-ada-password')).toMatchObject({ source: 'local', role: 'admin' });
    } finally {
      await test.drop();
    }
  });
});

describe('OIDC login against an unreachable provider', () => {
  it('fails with a retryable provider error', async () => {
    await expect(beginOidcLogin(config({ issuer: 'http://127.0.0.1:9/dex' }))).rejects.toMatchObject({ name: 'ProviderError', retryable: true });
  });
});
