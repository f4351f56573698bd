import { ConflictError, InputError, NotFoundError, type FieldProblem } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';
import { newId } from '../store/ids';

/**
 * A saved state of the installer wizard, so a reload or another browser goes on where the
 * user left off. It holds the Cluster document text and the id of a stored credential at
 * most; credential values never reach the console's database.
 */
export interface WizardDraft {
  id: string;
  name: string;
  /** The wizard step the user was on (`basics`, `placement`, …). */
  step: string;
  /** The Cluster document as the wizard edits it (YAML text, comments and all). */
  document: string;
  /** The installer service's id of the chosen credential, if any. */
  credentialId?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A draft without its document, as lists show it. */
export type WizardDraftSummary = Omit<WizardDraft, 'document'>;

/** What a new draft or a change to one carries. */
export interface DraftInput {
  name?: string;
  step?: string;
  document?: string;
  /** `null` forgets the credential. */
  credentialId?: string | null;
}

/** Longest document a draft keeps: the installer takes documents up to 1 MiB. */
export const MAX_DRAFT_DOCUMENT_CHARS = 1024 * 1024;
/** How many drafts one user may keep. */
export const MAX_DRAFTS_PER_USER = 50;

const STEP_PATTERN = /^[a-z][a-z-]{0,31}$/;
/** Ids of the installer service's credentials (`cred_…`): an id, never a value. */
const CREDENTIAL_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

function checkInput(input: DraftInput, creating: boolean): void {
  const problems: FieldProblem[] = [];
  if (input.name !== undefined || creating) {
    const name = input.name?.trim() ?? '';
    if (name === '' || name.length > 100) problems.push({ path: 'name', message: 'must be 1 to 100 characters, e.g. the cluster name' });
  }
  if ((input.step !== undefined || creating) && !STEP_PATTERN.test(input.step ?? ''))
    problems.push({ path: 'step', message: 'must name a wizard step: lowercase letters and -, e.g. basics' });
  if (input.document !== undefined || creating) {
    if (typeof input.document !== 'string') problems.push({ path: 'document', message: 'must be the Cluster document text' });
    else if (input.document.length > MAX_DRAFT_DOCUMENT_CHARS)
      problems.push({ path: 'document', message: `must be at most ${MAX_DRAFT_DOCUMENT_CHARS} characters; a Cluster document is a few kilobytes` });
  }
  if (input.credentialId !== undefined && input.credentialId !== null && !CREDENTIAL_ID_PATTERN.test(input.credentialId))
    problems.push({ path: 'credentialId', message: 'must be the id of a stored credential (letters, digits, - and _), never its values' });
  if (problems.length > 0) throw new InputError('the draft is not valid', problems);
}

interface DraftRow {
  id: string;
  name: string;
  step: string;
  document?: string;
  credential_id: string | null;
  created_at: number;
  updated_at: number;
}

function summaryFromRow(row: DraftRow): WizardDraftSummary {
  return {
    id: row.id,
    name: row.name,
    step: row.step,
    ...(row.credential_id ? { credentialId: row.credential_id } : {}),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function draftFromRow(row: DraftRow): WizardDraft {
  return { ...summaryFromRow(row), document: row.document ?? '' };
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`draft ${id} does not exist or is not yours`);
}

/**
 * Saves a new draft for user `userId`.
 * @throws InputError naming each bad field; ConflictError when the user already keeps {@link MAX_DRAFTS_PER_USER} drafts.
 */
export async function createDraft(store: ConsoleStore, userId: string, input: DraftInput, now = new Date()): Promise<WizardDraft> {
  checkInput(input, true);
  const count = await store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM wizard_drafts WHERE user_id = $1', [userId]);
  if (Number(count[0]?.n ?? 0) >= MAX_DRAFTS_PER_USER)
    throw new ConflictError(`you already keep ${MAX_DRAFTS_PER_USER} drafts; delete one you no longer need first`);
  const id = newId('drf');
  const at = now.getTime();
  await store.db.run(
    'INSERT INTO wizard_drafts (id, user_id, name, step, document, credential_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
    [id, userId, (input.name ?? '').trim(), input.step ?? '', input.document ?? '', input.credentialId ?? null, at],
  );
  return getDraft(store, userId, id);
}

/** The user's drafts without their documents, the most recently changed first. */
export async function listDrafts(store: ConsoleStore, userId: string): Promise<WizardDraftSummary[]> {
  const rows = await store.db.query<DraftRow>(
    'SELECT id, name, step, credential_id, created_at, updated_at FROM wizard_drafts WHERE user_id = $1 ORDER BY updated_at DESC, id',
    [userId],
  );
  return rows.map(summaryFromRow);
}

/**
 * One of the user's drafts.
 * @throws NotFoundError when there is none with this id, or it is another user's.
 */
export async function getDraft(store: ConsoleStore, userId: string, id: string): Promise<WizardDraft> {
  const rows = await store.db.query<DraftRow>(
    'SELECT id, name, step, document, credential_id, created_at, updated_at FROM wizard_drafts WHERE id = $1 AND user_id = $2',
    [id, userId],
  );
  const row = rows[0];
  if (!row) throw notFound(id);
  return draftFromRow(row);
}

/**
 * Changes the fields `input` names and returns the draft.
 * @throws InputError naming each bad field; NotFoundError as {@link getDraft}.
 */
export async function updateDraft(store: ConsoleStore, userId: string, id: string, input: DraftInput, now = new Date()): Promise<WizardDraft> {
  checkInput(input, false);
  const sets: string[] = [];
  const params: (string | number | null)[] = [];
  const set = (column: string, value: string | number | null) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (input.name !== undefined) set('name', input.name.trim());
  if (input.step !== undefined) set('step', input.step);
  if (input.document !== undefined) set('document', input.document);
  if (input.credentialId !== undefined) set('credential_id', input.credentialId);
  set('updated_at', now.getTime());
  params.push(id, userId);
  const { changes } = await store.db.run(
    `UPDATE wizard_drafts SET ${sets.join(', ')} WHERE id = $${params.length - 1} AND user_id = $${params.length}`,
    params,
  );
  if (changes === 0) throw notFound(id);
  return getDraft(store, userId, id);
}

/**
 * Deletes one of the user's drafts.
 * @throws NotFoundError as {@link getDraft}.
 */
export async function deleteDraft(store: ConsoleStore, userId: string, id: string): Promise<void> {
  const { changes } = await store.db.run('DELETE FROM wizard_drafts WHERE id = $1 AND user_id = $2', [id, userId]);
  if (changes === 0) throw notFound(id);
}
