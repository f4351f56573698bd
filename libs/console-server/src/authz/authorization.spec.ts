import { describe, expect, it } from 'vitest';
import { httpStatusOf, NotAllowedError } from '@strata/errors';
import { ROLES, type Role } from '../users/roles';
import { ACTIONS, can, requireRole, type Action } from './authorization';

// The role matrix as the README documents it.
const MATRIX: [Role, Action, boolean][] = [
  ['admin', 'view', true],
  ['admin', 'operate', true],
  ['admin', 'administer', true],
  ['operator', 'view', true],
  ['operator', 'operate', true],
  ['operator', 'administer', false],
  ['viewer', 'view', true],
  ['viewer', 'operate', false],
  ['viewer', 'administer', false],
];

describe('can', () => {
  it('covers every role and action', () => {
    expect(MATRIX).toHaveLength(ROLES.length * ACTIONS.length);
  });

  it.each(MATRIX)('%s may %s: %s', (role, action, allowed) => {
    expect(can(role, action)).toBe(allowed);
  });

  it.each([
    ['root' as Role, 'view' as Action],
    ['admin' as Role, 'delete-everything' as Action],
    ['constructor' as Role, 'view' as Action],
  ])('refuses unknown role or action %s/%s', (role, action) => {
    expect(can(role, action)).toBe(false);
  });
});

describe('requireRole', () => {
  const session = (role: Role) => ({ user: { username: 'sam', role }, csrfToken: 'x' });

  it.each(MATRIX)('%s asking to %s: allowed %s', (role, action, allowed) => {
    const s = session(role);
    if (allowed) expect(requireRole(s, action)).toBe(s);
    else expect(() => requireRole(s, action)).toThrow(NotAllowedError);
  });

  it('refuses without a session, mapped to HTTP 403', () => {
    let caught: unknown;
    try {
      requireRole(undefined, 'view');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotAllowedError);
    expect(httpStatusOf(caught)).toBe(403);
  });

  it('says who was refused what', () => {
    expect(() => requireRole(session('viewer'), 'operate')).toThrow('sam (role viewer) may not operate');
  });
});
