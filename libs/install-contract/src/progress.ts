import { z } from 'zod';

/**
 * Progress of a long operation (install, destroy), for the CLI's task list, `install.log`
 * and the console's live view: which phase and step, what happened, and when.
 */
export const ProgressEventSchema = z.strictObject({
  phase: z.string(),
  step: z.string().optional(),
  status: z.enum(['started', 'progress', 'done', 'skipped', 'failed']),
  message: z.string(),
  /** ISO 8601 time the event was emitted. */
  time: z.string(),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** A progress event stamped with the current time. */
export function progress(phase: string, status: ProgressEvent['status'], message: string, step?: string): ProgressEvent {
  return { phase, status, message, time: new Date().toISOString(), ...(step ? { step } : {}) };
}
