/** The roles of the console, weakest first. */
export type Role = 'viewer' | 'operator' | 'admin';

/**
 * Who is signed in, as the browser may know it: name, role, what the role allows, and the
 * CSRF token that mutations send back in `x-csrf-token`. Never the session token, which
 * stays in an httpOnly cookie.
 */
export interface Viewer {
  username: string;
  role: Role;
  /** Allowed actions, computed on the server with the same rule that enforces them. */
  can: { operate: boolean; administer: boolean };
  csrf: string;
}
