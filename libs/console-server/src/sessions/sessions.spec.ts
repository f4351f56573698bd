import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '@strata/errors';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { createUser, deleteUser, setUserRole, type User } from '../users/users';
import { createSession, destroySession, destroyUserSessions, SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_AGE_MS, sessionFromToken } from './sessions';

const T0 = new Date('2026-03-01T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

describe.each(BACKENDS)('sessions on %s', (backend) => {
  let test: TestStore;
  let user: User;
  beforeAll(async () => {
    test = await openTestStore(backend);
    user = await createUser(test.store, { username: 'olivia', password: 'olivia-password', role: 'operator' });
  });
  afterAll(() => test.drop());

  it('hands out random 32-byte tokens and stores only the SHA-256 of the session token', async () => {
    const a = await createSession(test.store, user.id, { now: T0 });
    const b = await createSession(test.store, user.id, { now: T0 });
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.token, b.token, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(a.expiresAt).toEqual(at(SESSION_IDLE_TIMEOUT_MS));
    const raw = await test.rawContent();
    expect(raw).not.toContain(a.token);
    expect(raw).not.toContain(b.token);
  });

  it('finds the session and its user from the token', async () => {
    const created = await createSession(test.store, user.id, { now: T0 });
    const session = await sessionFromToken(test.store, created.token, { now: at(MINUTE) });
    expect(session).toMatchObject({ user: { id: user.id, username: 'olivia', role: 'operator' }, csrfToken: created.csrfToken });
  });

  it.each([[undefined], [null], [''], ['x'], ['A'.repeat(43)], ['not base64url but forty-three characters long']])(
    'finds nothing for the token %j',
    async (token) => {
      expect(await sessionFromToken(test.store, token, { now: T0 })).toBeUndefined();
    },
  );

  it('slides the expiry on use, up to the absolute maximum', async () => {
    const created = await createSession(test.store, user.id, { now: T0 });
    let now = T0.getTime();
    // Keep using it every 50 minutes: it stays alive until the maximum age.
    while (now + 50 * MINUTE < T0.getTime() + SESSION_MAX_AGE_MS) {
      now += 50 * MINUTE;
      const session = await sessionFromToken(test.store, created.token, { now: new Date(now) });
      expect(session).toBeDefined();
      expect(session!.expiresAt.getTime()).toBe(Math.min(now + SESSION_IDLE_TIMEOUT_MS, T0.getTime() + SESSION_MAX_AGE_MS));
    }
    expect(await sessionFromToken(test.store, created.token, { now: at(SESSION_MAX_AGE_MS) })).toBeUndefined();
  });

  it('expires after the idle timeout without use', async () => {
    const created = await createSession(test.store, user.id, { now: T0 });
    expect(await sessionFromToken(test.store, created.token, { now: at(SESSION_IDLE_TIMEOUT_MS - 1) })).toBeDefined();
    const later = await sessionFromToken(test.store, created.token, { now: at(2 * SESSION_IDLE_TIMEOUT_MS) });
    expect(later).toBeUndefined();
    // And it stays gone even at a time it would have been valid.
    expect(await sessionFromToken(test.store, created.token, { now: at(MINUTE) })).toBeUndefined();
  });

  it('ends on sign-out', async () => {
    const created = await createSession(test.store, user.id, { now: T0 });
    await destroySession(test.store, created.token);
    expect(await sessionFromToken(test.store, created.token, { now: T0 })).toBeUndefined();
    await destroySession(test.store, 'not-a-token');
  });

  it('sees role changes at once and ends when the user is signed out everywhere or deleted', async () => {
    const other = await createUser(test.store, { username: 'pat', password: 'pat-password', role: 'viewer' });
    const one = await createSession(test.store, other.id, { now: T0 });
    await setUserRole(test.store, other.id, 'operator');
    expect((await sessionFromToken(test.store, one.token, { now: T0 }))?.user.role).toBe('operator');
    await destroyUserSessions(test.store, other.id);
    expect(await sessionFromToken(test.store, one.token, { now: T0 })).toBeUndefined();
    const two = await createSession(test.store, other.id, { now: T0 });
    await deleteUser(test.store, other.id);
    expect(await sessionFromToken(test.store, two.token, { now: T0 })).toBeUndefined();
  });

  it('refuses a session for an unknown user', async () => {
    await expect(createSession(test.store, 'usr_nobody')).rejects.toBeInstanceOf(NotFoundError);
  });
});
