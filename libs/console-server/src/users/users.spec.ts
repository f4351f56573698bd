import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { authenticatePassword } from './authenticate';
import { ensureAdmin } from './ensure-admin';
import { createUser, deleteUser, getUser, listUsers, setUserPassword, setUserRole } from './users';

describe.each(BACKENDS)('users on %s', (backend) => {
  // Every test gets an empty store and creates the users it needs, so the tests hold in any order.
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(backend);
  });
  afterEach(() => test.drop());

  const createDave = () => createUser(test.store, { username: 'dave', password: 'dave-password-1', role: 'viewer' });

  it('creates the admin once, with a generated password returned only then', async () => {
    const first = await ensureAdmin(test.store, { env: {} });
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await ensureAdmin(test.store, { env: {} })).toEqual({ created: false });
    const admin = await authenticatePassword(test.store, 'admin', first.generatedPassword!);
    expect(admin).toMatchObject({ username: 'admin', role: 'admin', source: 'local' });
    expect(await test.rawContent()).not.toContain(first.generatedPassword);
  });

  it('stores only scrypt hashes with their parameters, never the password', async () => {
    await createUser(test.store, { username: 'carol', password: 'carol-secret-pw', role: 'operator' });
    const rows = await test.store.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'carol'");
    expect(rows[0]?.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(await test.rawContent()).not.toContain('carol-secret-pw');
  });

  it('authenticates the right password and refuses a wrong one or an unknown user', async () => {
    await createDave();
    expect(await authenticatePassword(test.store, 'dave', 'dave-password-1')).toMatchObject({ username: 'dave', role: 'viewer' });
    expect(await authenticatePassword(test.store, 'Dave ', 'dave-password-1')).toMatchObject({ username: 'dave' });
    expect(await authenticatePassword(test.store, 'dave', 'dave-password-2')).toBeUndefined();
    expect(await authenticatePassword(test.store, 'nobody', 'dave-password-1')).toBeUndefined();
    expect(await authenticatePassword(test.store, '', '')).toBeUndefined();
  });

  it('spends a full hash computation on unknown users too', async () => {
    await createUser(test.store, { username: 'erin', password: 'erin-password-1', role: 'viewer' });
    const time = async (username: string) => {
      const started = performance.now();
      await authenticatePassword(test.store, username, 'wrong-password');
      return performance.now() - started;
    };
    await time('nobody'); // the dummy hash is computed once, on first use
    // Known and unknown checks alternate, so a burst of load from specs running beside this
    // one slows both kinds alike instead of skewing the ratio.
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      knownTimes.push(await time('erin'));
      unknownTimes.push(await time('ghost'));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
    const known = median(knownTimes);
    const unknown = median(unknownTimes);
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });

  it('records the last login', async () => {
    const created = await createDave();
    expect(created.lastLoginAt).toBeUndefined();
    const user = await authenticatePassword(test.store, 'dave', 'dave-password-1');
    expect(user?.lastLoginAt).toBeInstanceOf(Date);
    expect((await getUser(test.store, created.id))?.lastLoginAt).toEqual(user?.lastLoginAt);
  });

  it('refuses a taken username', async () => {
    await createDave();
    await expect(createUser(test.store, { username: 'dave', password: 'another-password', role: 'viewer' })).rejects.toBeInstanceOf(ConflictError);
  });

  it.each([
    ['Upper', 'password-1', 'viewer', 'username'],
    ['-dash', 'password-1', 'viewer', 'username'],
    ['with space', 'password-1', 'viewer', 'username'],
    ['ok', 'short', 'viewer', 'password'],
    ['ok', 'password-1', 'root', 'role'],
  ])('refuses user %s / %s / %s at %s', async (username, password, role, path) => {
    const creating = createUser(test.store, { username, password, role: role as 'viewer' });
    await expect(creating).rejects.toBeInstanceOf(InputError);
    await expect(creating).rejects.toMatchObject({ problems: [expect.objectContaining({ path })] });
  });

  it('lists users by name without password hashes', async () => {
    await ensureAdmin(test.store, { env: {} });
    await createDave();
    await createUser(test.store, { username: 'carol', password: 'carol-secret-pw', role: 'operator' });
    const users = await listUsers(test.store);
    expect(users.map((u) => u.username)).toEqual(['admin', 'carol', 'dave']);
    expect(JSON.stringify(users)).not.toContain('scrypt');
  });

  it('changes roles but never removes the last admin', async () => {
    await ensureAdmin(test.store, { env: {} });
    await createUser(test.store, { username: 'carol', password: 'carol-secret-pw', role: 'operator' });
    const admin = (await listUsers(test.store)).find((u) => u.username === 'admin')!;
    await expect(setUserRole(test.store, admin.id, 'viewer')).rejects.toBeInstanceOf(ConflictError);
    await expect(deleteUser(test.store, admin.id)).rejects.toBeInstanceOf(ConflictError);
    const carol = (await listUsers(test.store)).find((u) => u.username === 'carol')!;
    expect(await setUserRole(test.store, carol.id, 'admin')).toMatchObject({ role: 'admin' });
    expect(await setUserRole(test.store, admin.id, 'operator')).toMatchObject({ role: 'operator' });
    expect((await getUser(test.store, admin.id))?.role).toBe('operator');
    await setUserRole(test.store, admin.id, 'admin');
  });

  it('sets a new password', async () => {
    const dave = await createDave();
    await setUserPassword(test.store, dave.id, 'dave-password-new');
    expect(await authenticatePassword(test.store, 'dave', 'dave-password-1')).toBeUndefined();
    expect(await authenticatePassword(test.store, 'dave', 'dave-password-new')).toBeDefined();
  });

  it('deletes users', async () => {
    const dave = await createDave();
    await deleteUser(test.store, dave.id);
    expect(await getUser(test.store, dave.id)).toBeUndefined();
    await expect(deleteUser(test.store, dave.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticatePassword(test.store, 'dave', 'dave-password-1')).toBeUndefined();
  });
});

describe('ensureAdmin with a configured password', () => {
  it.each(BACKENDS)('uses STRATA_ADMIN_PASSWORD on %s and returns no password', async (backend) => {
    const test = await openTestStore(backend);
    try {
      expect(await ensureAdmin(test.store, { env: { STRATA_ADMIN_PASSWORD: 'from-the-environment' } })).toEqual({ created: true });
      expect(await authenticatePassword(test.store, 'admin', 'from-the-environment')).toMatchObject({ role: 'admin' });
      expect(await test.rawContent()).not.toContain('from-the-environment');
    } finally {
      await test.drop();
    }
  });

  it('uses an explicit password before the environment', async () => {
    const test = await openTestStore('sqlite');
    try {
      await ensureAdmin(test.store, { password: 'explicit-password', env: { STRATA_ADMIN_PASSWORD: 'from-the-environment' } });
      expect(await authenticatePassword(test.store, 'admin', 'explicit-password')).toBeDefined();
    } finally {
      await test.drop();
    }
  });
});
