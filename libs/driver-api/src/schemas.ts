import { z } from 'zod';

/** One step of an infrastructure plan: a resource to create, after the steps it depends on. */
export const PlanStepSchema = z.strictObject({
  /** Unique and stable within the plan, e.g. `machine/demo-cp-0`. */
  id: z.string().min(1),
  /** Which handler creates it: `network`, `security-group`, `load-balancer`, `machine`, … */
  kind: z.string().min(1),
  /** Deterministic provider-side name: cluster name plus a short hash where the provider needs uniqueness. */
  name: z.string().min(1),
  dependsOn: z.array(z.string()),
  /** Everything the handler needs to create the resource. */
  spec: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.string()),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const InfraPlanSchema = z.strictObject({
  cluster: z.string(),
  platform: z.string(),
  steps: z.array(PlanStepSchema),
});
export type InfraPlan = z.infer<typeof InfraPlanSchema>;

/** A machine as the provider reports it. */
export const MachineInfoSchema = z.strictObject({
  name: z.string(),
  role: z.enum(['control-plane', 'worker']),
  /** `<provider>://…`, the same value the Node's spec.providerID carries. */
  providerID: z.string(),
  addresses: z.array(z.strictObject({ type: z.enum(['InternalIP', 'ExternalIP', 'Hostname']), address: z.string() })),
  state: z.enum(['pending', 'running', 'stopped', 'failed', 'missing']),
  detail: z.string().optional(),
});
export type MachineInfo = z.infer<typeof MachineInfoSchema>;

// The progress event is part of the installer↔console seam, so its one schema lives there.
export { ProgressEventSchema, progress, type ProgressEvent } from '@strata/install-contract';
