import { z } from 'zod';

/** The life of an installed cluster, as the installer reports it and the console shows it. */
export const InstallPhaseSchema = z.enum(['pending', 'installing', 'ready', 'failed', 'destroying']);
export type InstallPhase = z.infer<typeof InstallPhaseSchema>;

/**
 * One observation about the cluster, shaped like a Kubernetes condition
 * (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties).
 */
export const InstallConditionSchema = z.strictObject({
  type: z.string().min(1),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string(),
});
export type InstallCondition = z.infer<typeof InstallConditionSchema>;

/** The status of an install: its phase, its conditions and the last progress it made. */
export const InstallStatusSchema = z.strictObject({
  phase: InstallPhaseSchema,
  conditions: z.array(InstallConditionSchema).default([]),
  /** The phase of the install that last reported progress, e.g. `machines`. */
  lastStep: z.string().optional(),
  updatedAt: z.string(),
});
export type InstallStatus = z.infer<typeof InstallStatusSchema>;
