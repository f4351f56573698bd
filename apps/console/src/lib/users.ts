import type { Role } from './viewer';

/** A user as the users page lists it. */
export interface UserView {
  id: string;
  username: string;
  role: Role;
  /** `local` (password) or `oidc` (identity provider). */
  source: string;
  createdAt: string;
  lastLoginAt?: string;
}
