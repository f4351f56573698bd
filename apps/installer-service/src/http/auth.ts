import { createHash, timingSafeEqual } from 'node:crypto';
import { InputError, NotAllowedError, UnauthenticatedError } from '@strata/errors';
import { ROLE_HEADER, ROLES, USER_HEADER, type Role } from '@strata/install-contract';

/** The user the console's server vouches for, and the role it gives them. */
export interface Actor {
  user: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
/** A user name as the console knows it (a login, an email, an OIDC subject): printable, at most 128 characters. */
const USER_NAME = /^[^\p{Cc}]{1,128}$/u;

function sameToken(given: string, expected: string): boolean {
  // Hashes first, so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * The actor of a request: the bearer token must be the service token (401 otherwise), and
 * the user and role headers must name a user and one of the roles (400 naming the header).
 */
export function authenticate(headers: Record<string, string | string[] | undefined>, token: string): Actor {
  const match = /^Bearer +(\S+) *$/i.exec(header(headers, 'authorization') ?? '');
  if (!match?.[1])
    throw new UnauthenticatedError(
      'no service token: send Authorization: Bearer <the token in the data directory’s service-token file>',
      'Bearer realm="strata-installer"',
    );
  if (!sameToken(match[1], token))
    throw new UnauthenticatedError('the service token is wrong; read it again from the service-token file', 'Bearer realm="strata-installer"');
  const user = header(headers, USER_HEADER);
  const role = header(headers, ROLE_HEADER);
  const problems = [
    ...(user && USER_NAME.test(user) ? [] : [{ path: `headers.${USER_HEADER}`, message: 'must name the acting user (1-128 printable characters)' }]),
    ...(role && (ROLES as readonly string[]).includes(role) ? [] : [{ path: `headers.${ROLE_HEADER}`, message: `must be one of: ${ROLES.join(', ')}` }]),
  ];
  if (problems.length > 0) throw new InputError(`the request does not say who acts: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  return { user: user as string, role: role as Role };
}

/** Refuses (403) an actor whose role is below `needed`. */
export function requireRole(actor: Actor, needed: Role, what: string): void {
  if (RANK[actor.role] < RANK[needed]) throw new NotAllowedError(`${what} needs the ${needed} role; ${actor.user} is ${actor.role}`);
}

/** Whether `actor` has at least `role`. */
export function hasRole(actor: Actor, role: Role): boolean {
  return RANK[actor.role] >= RANK[role];
}
