import { InputError, type FieldProblem } from '@strata/errors';
import type { Role } from '../users/roles';

/** How the console signs users in through an OpenID Connect provider. */
export interface OidcConfig {
  /** Issuer URL; https://, or http:// on a loopback address only. */
  issuer: string;
  clientId: string;
  /** Absent for a public client, which then relies on PKCE alone. */
  clientSecret?: string;
  /** The console's callback URL registered with the provider, e.g. https://console.example.com/api/auth/oidc/callback. */
  redirectUri: string;
  /** Scopes to request; always includes `openid`. */
  scopes: string[];
  /** The ID token claim listing the user's groups. */
  groupsClaim: string;
  /** Members of any of these groups are admins. */
  adminGroups: string[];
  /** Members of any of these groups (and of no admin group) are operators; everyone else is a viewer. */
  operatorGroups: string[];
}

/** The environment variables {@link oidcConfigFromEnv} reads. */
export const OIDC_ENV = {
  issuer: 'STRATA_OIDC_ISSUER',
  clientId: 'STRATA_OIDC_CLIENT_ID',
  clientSecret: 'STRATA_OIDC_CLIENT_SECRET',
  redirectUri: 'STRATA_OIDC_REDIRECT_URI',
  scopes: 'STRATA_OIDC_SCOPES',
  groupsClaim: 'STRATA_OIDC_GROUPS_CLAIM',
  adminGroups: 'STRATA_OIDC_ADMIN_GROUPS',
  operatorGroups: 'STRATA_OIDC_OPERATOR_GROUPS',
} as const;

/** Scopes requested when STRATA_OIDC_SCOPES is not set. */
export const DEFAULT_OIDC_SCOPES = ['openid', 'profile', 'email', 'groups'];

function list(value: string | undefined, separator: RegExp): string[] {
  return (value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Whether a URL's host is a loopback address, where plain http is acceptable. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function checkUrl(value: string, path: string, problems: FieldProblem[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push({ path, message: `"${value}" is not a URL` });
    return;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return;
  problems.push({ path, message: 'must be an https:// URL (http:// only on a loopback address)' });
}

/**
 * Checks an OIDC configuration and reports every problem.
 * @throws InputError naming each bad field.
 */
export function checkOidcConfig(config: OidcConfig, paths: Partial<Record<keyof OidcConfig, string>> = {}): OidcConfig {
  const problems: FieldProblem[] = [];
  const path = (field: keyof OidcConfig) => paths[field] ?? field;
  if (!config.issuer) problems.push({ path: path('issuer'), message: 'must be the issuer URL of the identity provider' });
  else checkUrl(config.issuer, path('issuer'), problems);
  if (!config.clientId) problems.push({ path: path('clientId'), message: 'must be the client id registered with the identity provider' });
  if (!config.redirectUri) problems.push({ path: path('redirectUri'), message: "must be the console's callback URL registered with the identity provider" });
  else checkUrl(config.redirectUri, path('redirectUri'), problems);
  if (!config.scopes.includes('openid')) problems.push({ path: path('scopes'), message: 'must include openid' });
  if (!config.groupsClaim) problems.push({ path: path('groupsClaim'), message: 'must name a claim' });
  if (problems.length > 0) throw new InputError('the OpenID Connect settings are not valid', problems);
  return config;
}

/**
 * The OIDC login settings from the environment, or undefined when STRATA_OIDC_ISSUER is not
 * set (OIDC login off). Variables: STRATA_OIDC_ISSUER, STRATA_OIDC_CLIENT_ID,
 * STRATA_OIDC_CLIENT_SECRET (optional), STRATA_OIDC_REDIRECT_URI, STRATA_OIDC_SCOPES
 * (space- or comma-separated; default `openid profile email groups`), STRATA_OIDC_GROUPS_CLAIM
 * (default `groups`), STRATA_OIDC_ADMIN_GROUPS and STRATA_OIDC_OPERATOR_GROUPS (comma-separated).
 * @throws InputError naming each bad variable.
 */
export function oidcConfigFromEnv(env: Record<string, string | undefined> = process.env): OidcConfig | undefined {
  const issuer = env[OIDC_ENV.issuer]?.trim();
  if (!issuer) return undefined;
  const scopes = list(env[OIDC_ENV.scopes], /[\s,]+/);
  const secret = env[OIDC_ENV.clientSecret]?.trim();
  return checkOidcConfig(
    {
      issuer,
      clientId: env[OIDC_ENV.clientId]?.trim() ?? '',
      ...(secret ? { clientSecret: secret } : {}),
      redirectUri: env[OIDC_ENV.redirectUri]?.trim() ?? '',
      scopes: scopes.length > 0 ? scopes : DEFAULT_OIDC_SCOPES,
      groupsClaim: env[OIDC_ENV.groupsClaim]?.trim() || 'groups',
      adminGroups: list(env[OIDC_ENV.adminGroups], /,/),
      operatorGroups: list(env[OIDC_ENV.operatorGroups], /,/),
    },
    OIDC_ENV,
  );
}

/** The role a set of groups maps to: admin wins over operator; no matching group means viewer. */
export function roleFromGroups(config: Pick<OidcConfig, 'adminGroups' | 'operatorGroups'>, groups: readonly string[]): Role {
  if (groups.some((group) => config.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => config.operatorGroups.includes(group))) return 'operator';
  return 'viewer';
}
