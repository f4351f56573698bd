import { describe, expect, it } from 'vitest';
import { ROLES } from '../users/roles';
import { kubernetesIdentity, ROLE_GROUPS } from './identity';

describe('kubernetesIdentity', () => {
  it.each([
    ['viewer', 'strata:viewers'],
    ['operator', 'strata:operators'],
    ['admin', 'strata:admins'],
  ] as const)('puts a %s in %s as strata:<username>', (role, group) => {
    expect(kubernetesIdentity({ username: 'ada@example.com', role })).toEqual({ user: 'strata:ada@example.com', group });
  });

  it('has a group for every role, each its own', () => {
    expect(ROLES.map((role) => ROLE_GROUPS[role])).toEqual(['strata:admins', 'strata:operators', 'strata:viewers']);
  });

  it('treats a role it does not know as a viewer', () => {
    expect(kubernetesIdentity({ username: 'x', role: 'root' as never }).group).toBe('strata:viewers');
  });
});
