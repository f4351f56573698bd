import { z } from 'zod';
import { MAX_DRAFT_DOCUMENT_CHARS } from '@strata/console-server';

/** A new wizard draft: the document text and at most the id of a stored credential, never its values. */
export const DraftBody = z.strictObject({
  name: z.string().max(100),
  step: z.string().max(32),
  document: z.string().max(MAX_DRAFT_DOCUMENT_CHARS),
  credentialId: z.string().max(100).nullable().optional(),
});

/** A change to a draft: any of its fields. */
export const DraftChange = DraftBody.partial();
