import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { oidcConfigFromEnv, roleFromGroups } from './oidc-config';

const base = {
  STRATA_OIDC_ISSUER: 'https://login.example.com/dex',
  STRATA_OIDC_CLIENT_ID: 'strata-console',
  STRATA_OIDC_CLIENT_SECRET: 's3cret',
  STRATA_OIDC_REDIRECT_URI: 'https://console.example.com/api/auth/oidc/callback',
};

describe('oidcConfigFromEnv', () => {
  it('is off without an issuer', () => {
    expect(oidcConfigFromEnv({})).toBeUndefined();
  });

  it('reads every setting with defaults', () => {
    expect(oidcConfigFromEnv({ ...base, STRATA_OIDC_ADMIN_GROUPS: 'platform-admins, sre', STRATA_OIDC_OPERATOR_GROUPS: 'devs' })).toEqual({
      issuer: 'https://login.example.com/dex',
      clientId: 'strata-console',
      clientSecret: 's3cret',
      redirectUri: 'https://console.example.com/api/auth/oidc/callback',
      scopes: ['openid', 'profile', 'email', 'groups'],
      groupsClaim: 'groups',
      adminGroups: ['platform-admins', 'sre'],
      operatorGroups: ['devs'],
    });
    expect(oidcConfigFromEnv({ ...base, STRATA_OIDC_SCOPES: 'openid email,roles', STRATA_OIDC_GROUPS_CLAIM: 'roles' })).toMatchObject({
      scopes: ['openid', 'email', 'roles'],
      groupsClaim: 'roles',
    });
  });

  it('allows a public client and plain http on loopback', () => {
    const config = oidcConfigFromEnv({
      ...base,
      STRATA_OIDC_CLIENT_SECRET: '',
      STRATA_OIDC_ISSUER: 'http://127.0.0.1:5556/dex',
      STRATA_OIDC_REDIRECT_URI: 'http://localhost:3000/cb',
    });
    expect(config?.clientSecret).toBeUndefined();
  });

  it.each([
    [{ STRATA_OIDC_CLIENT_ID: '' }, 'STRATA_OIDC_CLIENT_ID'],
    [{ STRATA_OIDC_REDIRECT_URI: '' }, 'STRATA_OIDC_REDIRECT_URI'],
    [{ STRATA_OIDC_ISSUER: 'http://login.example.com' }, 'STRATA_OIDC_ISSUER'],
    [{ STRATA_OIDC_ISSUER: 'not a url' }, 'STRATA_OIDC_ISSUER'],
    [{ STRATA_OIDC_REDIRECT_URI: 'http://console.example.com/cb' }, 'STRATA_OIDC_REDIRECT_URI'],
    [{ STRATA_OIDC_SCOPES: 'profile email' }, 'STRATA_OIDC_SCOPES'],
  ])('refuses %j, naming %s', (change, path) => {
    let caught: unknown;
    try {
      oidcConfigFromEnv({ ...base, ...change });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).problems.map((p) => p.path)).toEqual([path]);
  });
});

describe('roleFromGroups', () => {
  const config = { adminGroups: ['admins'], operatorGroups: ['ops', 'devs'] };
  it.each([
    [['admins'], 'admin'],
    [['ops', 'admins'], 'admin'],
    [['devs'], 'operator'],
    [['readers'], 'viewer'],
    [[], 'viewer'],
  ])('maps %j to %s', (groups, role) => {
    expect(roleFromGroups(config, groups)).toBe(role);
  });
});
