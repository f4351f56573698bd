import * as oidc from 'openid-client';
import { NotAllowedError, ProviderError } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';
import { newId } from '../store/ids';
import { isUniqueViolation } from '@strata/sql';
import { USER_COLUMNS, USERNAME_PATTERN, userFromRow, type User, type UserRow } from '../users/users';
import { isLoopbackUrl, roleFromGroups, type OidcConfig } from './oidc-config';

/** What {@link beginOidcLogin} returns: send the browser to `url`; keep the rest server-side (e.g. in a short-lived, HttpOnly cookie) for the callback. */
export interface OidcLoginStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What the callback must present again. */
export interface OidcLoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const discovered = new Map<string, Promise<oidc.Configuration>>();

/** Discovers the provider once per configuration; a failed discovery is retried on the next login. */
function providerConfiguration(config: OidcConfig): Promise<oidc.Configuration> {
  const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret ?? '']);
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(config.issuer);
    pending = oidc
      .discovery(
        issuer,
        config.clientId,
        config.clientSecret,
        config.clientSecret ? undefined : oidc.None(),
        // Plain http is accepted only for a provider on a loopback address (development, tests).
        issuer.protocol === 'http:' && isLoopbackUrl(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered.delete(key);
        throw new ProviderError(`discovering the OpenID Connect provider ${config.issuer}: ${error instanceof Error ? error.message : String(error)}`, {
          retryable: true,
          cause: error,
        });
      });
    discovered.set(key, pending);
  }
  return pending;
}

/**
 * Starts an authorization-code login with PKCE (S256), a random state and a nonce.
 * @throws ProviderError when the provider cannot be discovered.
 */
export async function beginOidcLogin(config: OidcConfig): Promise<OidcLoginStart> {
  const configuration = await providerConfiguration(config);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, codeVerifier };
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A console username from an identity claim: lowercase, other characters as `-`, at most 64. */
function usernameFrom(value: string): string | undefined {
  const name = value
    .toLowerCase()
    .replace(/[^a-z0-9._@+-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return USERNAME_PATTERN.test(name) ? name : undefined;
}

/**
 * Finishes a login at the callback: exchanges the code (checking state, PKCE and the ID
 * token's signature, issuer, audience and nonce), then creates or updates the user found by
 * issuer + subject. The role follows the groups claim on every login (admin and operator
 * groups from the configuration; anyone else is a viewer).
 * @throws NotAllowedError when the provider refused or the response does not verify;
 *   ProviderError when the provider cannot be reached.
 */
export async function completeOidcLogin(config: OidcConfig, store: ConsoleStore, callbackUrl: string | URL, checks: OidcLoginChecks): Promise<User> {
  const configuration = await providerConfiguration(config);
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, new URL(callbackUrl), {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError) {
      throw new NotAllowedError(
        `the identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
        error,
      );
    }
    if (error instanceof TypeError || (error instanceof Error && /fetch failed|ECONNREFUSED|ETIMEDOUT/.test(error.message))) {
      throw new ProviderError(`reaching the identity provider ${config.issuer}: ${error.message}`, { retryable: true, cause: error });
    }
    throw new NotAllowedError(`the sign-in response could not be verified: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const issuer = stringClaim(claims, 'iss');
  const subject = stringClaim(claims, 'sub');
  if (!issuer || !subject) throw new NotAllowedError('the ID token has no issuer or subject');
  const role = roleFromGroups(config, groupsOf(claims, config.groupsClaim));
  const email = stringClaim(claims, 'email');
  const displayName = stringClaim(claims, 'name') ?? stringClaim(claims, 'preferred_username') ?? email;
  const now = Date.now();

  const existing = await store.db.query<{ id: string }>('SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2', [issuer, subject]);
  let id = existing[0]?.id;
  if (id) {
    await store.db.run('UPDATE users SET role = $1, email = $2, display_name = $3, last_login_at = $4 WHERE id = $5', [
      role,
      email ?? null,
      displayName ?? null,
      now,
      id,
    ]);
  } else {
    id = await insertOidcUser(store, { issuer, subject, role, email, displayName, now, claims });
  }
  const rows = await store.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  if (!rows[0]) throw new NotAllowedError(`the account of ${displayName ?? subject} was deleted during sign-in; sign in again`);
  return userFromRow(rows[0]);
}

async function insertOidcUser(
  store: ConsoleStore,
  user: {
    issuer: string;
    subject: string;
    role: string;
    email: string | undefined;
    displayName: string | undefined;
    now: number;
    claims: Record<string, unknown>;
  },
): Promise<string> {
  const preferred =
    [stringClaim(user.claims, 'preferred_username'), user.email, user.subject]
      .map((value) => (value ? usernameFrom(value) : undefined))
      .find((value): value is string => value !== undefined) ?? 'oidc-user';
  for (let attempt = 0; attempt < 5; attempt++) {
    // A local user (or another provider's) may hold the name already: add a short suffix.
    const username = attempt === 0 ? preferred : `${preferred.slice(0, 58)}-${newId('x').slice(2, 7)}`;
    const id = newId('usr');
    try {
      await store.db.run(
        `INSERT INTO users (id, username, role, oidc_issuer, oidc_subject, display_name, email, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [id, username, user.role, user.issuer, user.subject, user.displayName ?? null, user.email ?? null, user.now],
      );
      return id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same identity signed in twice at once: use the row the other login made.
      const raced = await store.db.query<{ id: string }>('SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2', [user.issuer, user.subject]);
      if (raced[0]) return raced[0].id;
    }
  }
  throw new NotAllowedError(`no free console username for ${preferred}`);
}
