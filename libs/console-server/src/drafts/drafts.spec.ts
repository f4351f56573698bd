import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { createUser, deleteUser } from '../users/users';
import { createDraft, deleteDraft, getDraft, listDrafts, MAX_DRAFTS_PER_USER, updateDraft } from './drafts';

const DOCUMENT = 'apiVersion: strata.dev/v1alpha1\nkind: Cluster\n# kept as written\nmetadata: {name: lab}\nspec:\n  platform: {local: {}}\n';

describe.each(BACKENDS)('wizard drafts on %s', (backend) => {
  let test: TestStore;
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    test = await openTestStore(backend);
    alice = (await createUser(test.store, { username: 'alice', password: 'alice-password-1', role: 'operator' })).id;
    bob = (await createUser(test.store, { username: 'bob', password: 'bob-password-1', role: 'operator' })).id;
  });
  afterEach(() => test.drop());

  it('keeps the document text byte for byte and reads it back', async () => {
    const draft = await createDraft(test.store, alice, { name: 'lab', step: 'basics', document: DOCUMENT, credentialId: 'cred_abc123' });
    expect(draft).toEqual({
      id: expect.stringMatching(/^drf_/),
      name: 'lab',
      step: 'basics',
      document: DOCUMENT,
      credentialId: 'cred_abc123',
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await getDraft(test.store, alice, draft.id)).toEqual(draft);
  });

  it('lists a user’s own drafts, most recently changed first, without documents', async () => {
    const first = await createDraft(test.store, alice, { name: 'one', step: 'provider', document: DOCUMENT }, new Date('2026-01-01T00:00:00Z'));
    const second = await createDraft(test.store, alice, { name: 'two', step: 'provider', document: DOCUMENT }, new Date('2026-01-02T00:00:00Z'));
    await createDraft(test.store, bob, { name: 'bobs', step: 'provider', document: DOCUMENT });
    expect((await listDrafts(test.store, alice)).map((d) => d.name)).toEqual(['two', 'one']);
    await updateDraft(test.store, alice, first.id, { step: 'networking' }, new Date('2026-01-03T00:00:00Z'));
    const listed = await listDrafts(test.store, alice);
    expect(listed.map((d) => d.id)).toEqual([first.id, second.id]);
    expect(listed[0]).toMatchObject({ step: 'networking' });
    expect(listed[0]).not.toHaveProperty('document');
  });

  it('updates only the named fields and forgets the credential on null', async () => {
    const draft = await createDraft(test.store, alice, { name: 'lab', step: 'credentials', document: DOCUMENT, credentialId: 'cred_1' });
    const changed = await updateDraft(test.store, alice, draft.id, { document: `${DOCUMENT}# more\n`, credentialId: null });
    expect(changed).toMatchObject({ name: 'lab', step: 'credentials', document: `${DOCUMENT}# more\n` });
    expect(changed).not.toHaveProperty('credentialId');
  });

  it('never shows or changes another user’s draft', async () => {
    const draft = await createDraft(test.store, alice, { name: 'lab', step: 'basics', document: DOCUMENT });
    await expect(getDraft(test.store, bob, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateDraft(test.store, bob, draft.id, { name: 'mine' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDraft(test.store, bob, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getDraft(test.store, alice, draft.id)).name).toBe('lab');
  });

  it('deletes a draft, and a user’s drafts leave with the user', async () => {
    const draft = await createDraft(test.store, alice, { name: 'lab', step: 'basics', document: DOCUMENT });
    await deleteDraft(test.store, alice, draft.id);
    await expect(getDraft(test.store, alice, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await createDraft(test.store, bob, { name: 'b', step: 'basics', document: DOCUMENT });
    await deleteUser(test.store, bob);
    expect(await test.store.db.query('SELECT id FROM wizard_drafts WHERE user_id = $1', [bob])).toEqual([]);
  });

  it.each([
    [{ name: '', step: 'basics', document: DOCUMENT }, 'name'],
    [{ name: 'x', step: 'Basics!', document: DOCUMENT }, 'step'],
    [{ name: 'x', step: 'basics', document: 'a'.repeat(1024 * 1024 + 1) }, 'document'],
    [{ name: 'x', step: 'basics', document: DOCUMENT, credentialId: 'AKIA SECRET/VALUE+' }, 'credentialId'],
  ])('refuses %#: a bad %s', async (input, path) => {
    const creating = createDraft(test.store, alice, input);
    await expect(creating).rejects.toBeInstanceOf(InputError);
    await expect(creating).rejects.toMatchObject({ problems: [expect.objectContaining({ path })] });
  });

  it(`keeps at most ${MAX_DRAFTS_PER_USER} drafts per user`, async () => {
    for (let i = 0; i < MAX_DRAFTS_PER_USER; i++) await createDraft(test.store, alice, { name: `d${i}`, step: 'basics', document: '' });
    await expect(createDraft(test.store, alice, { name: 'one more', step: 'basics', document: '' })).rejects.toBeInstanceOf(ConflictError);
    expect(await createDraft(test.store, bob, { name: 'bobs', step: 'basics', document: '' })).toMatchObject({ name: 'bobs' });
  });
});
