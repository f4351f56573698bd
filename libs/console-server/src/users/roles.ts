import { z } from 'zod';

/** The console's roles, from most to least powerful. */
export const ROLES = ['admin', 'operator', 'viewer'] as const;

/** A console role; what each may do is in `ROLE_ACTIONS`. */
export type Role = (typeof ROLES)[number];

/** Validates a role name. */
export const RoleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
