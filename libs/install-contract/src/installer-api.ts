import { z } from 'zod';

/**
 * The bodies of the installer service's HTTP API v1 (docs/installer-service.md). The service
 * writes them and the console's server and browser parse them with these same schemas.
 * Browser-safe: nothing here touches Node.
 */

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Headers the console's server sends with every call: the bearer token, the user it vouches for and their role. */
export const USER_HEADER = 'x-strata-user';
export const ROLE_HEADER = 'x-strata-role';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const ProblemSchema = z.strictObject({ path: z.string(), message: z.string() });

export const CredentialFieldSchema = z.strictObject({ name: z.string(), title: z.string(), secret: z.boolean(), optional: z.boolean().optional() });
export const CredentialKindSchema = z.strictObject({ kind: z.string(), title: z.string(), fields: z.array(CredentialFieldSchema) });

export const ProviderSchema = z.strictObject({
  platform: z.string(),
  title: z.string(),
  contractVersion: z.string(),
  credentialKinds: z.array(CredentialKindSchema),
  lookups: z.array(z.string()),
  machineTypes: z.array(z.strictObject({ size: z.string(), type: z.string(), cpus: z.number(), memoryGiB: z.number() })),
  prices: z.strictObject({ asOf: z.string(), currency: z.string(), source: z.string() }).nullable(),
});
export type Provider = z.infer<typeof ProviderSchema>;

export const LookupItemSchema = z.strictObject({ value: z.string(), title: z.string() });
export type LookupItem = z.infer<typeof LookupItemSchema>;
export const LookupRequestSchema = z.strictObject({
  credentialId: z.string().optional(),
  /** The platform section as far as the form has it (region for zones, say). */
  platform: z.record(z.string(), z.unknown()).optional(),
});

export const DocumentFormatSchema = z.enum(['yaml', 'json']);

export const ValidateRequestSchema = z.strictObject({
  document: z.string(),
  format: DocumentFormatSchema.optional(),
  online: z.boolean().optional(),
  credentialId: z.string().optional(),
  /** A signed license (its text) to check the node count against, as an install would be. */
  license: z.string().optional(),
});
export type ValidateRequest = z.infer<typeof ValidateRequestSchema>;

export const LicenseVerdictSchema = z.strictObject({
  status: z.string(),
  allowed: z.boolean(),
  nodes: z.number().int(),
  limit: z.number().int().nullable(),
  message: z.string(),
});
export type LicenseVerdict = z.infer<typeof LicenseVerdictSchema>;

export const ValidationSchema = z.strictObject({
  valid: z.boolean(),
  problems: z.array(ProblemSchema),
  nodes: z.number().int(),
  license: LicenseVerdictSchema.nullable(),
});
export type Validation = z.infer<typeof ValidationSchema>;

export const CreateCredentialSchema = z.strictObject({
  platform: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1).max(100),
  values: z.record(z.string(), z.string()),
  /**
   * The platform section the credential is verified in, as far as the form has it (region,
   * endpoints: a private cloud or a test server), kept with it for later verifications.
   */
  platformSettings: z.record(z.string(), z.unknown()).optional(),
});
export type CreateCredential = z.infer<typeof CreateCredentialSchema>;

export const CredentialSummarySchema = z.strictObject({
  id: z.string(),
  platform: z.string(),
  kind: z.string(),
  name: z.string(),
  fingerprint: z.string(),
  identity: z.strictObject({ account: z.string(), principal: z.string(), display: z.string() }),
  createdAt: z.string(),
  verifiedAt: z.string(),
});
export type CredentialSummary = z.infer<typeof CredentialSummarySchema>;

export const PlanRequestSchema = z.strictObject({ document: z.string(), format: DocumentFormatSchema.optional(), credentialId: z.string().optional() });

export const PlanResourceSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  description: z.string(),
  dependsOn: z.array(z.string()),
  monthlyCost: z.number().nullable(),
  unpricedReason: z.string().optional(),
});
export type PlanResource = z.infer<typeof PlanResourceSchema>;

export const PlanSchema = z.strictObject({
  id: z.string(),
  documentHash: z.string(),
  platform: z.string(),
  cluster: z.string(),
  resources: z.array(PlanResourceSchema),
  cost: z.strictObject({ currency: z.string(), asOf: z.string(), monthlyTotal: z.number(), unpriced: z.array(z.string()) }).nullable(),
  createdAt: z.string(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const INSTALL_UNTIL = ['assets', 'infrastructure', 'ready'] as const;

export const CreateInstallSchema = z.strictObject({
  document: z.string(),
  format: DocumentFormatSchema.optional(),
  credentialId: z.string().optional(),
  planId: z.string().optional(),
  until: z.enum(INSTALL_UNTIL).optional(),
  /** A signed license (its text) to install with, beyond the free tier. */
  license: z.string().optional(),
});
export type CreateInstall = z.infer<typeof CreateInstallSchema>;

export const INSTALL_STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelling', 'cancelled', 'interrupted', 'destroying', 'destroyed'] as const;
export type InstallState = (typeof INSTALL_STATES)[number];
/** States an install does not leave by itself. */
export const FINAL_INSTALL_STATES: readonly InstallState[] = ['succeeded', 'failed', 'cancelled', 'interrupted', 'destroyed'];

export const InstallPhaseViewSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  state: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  summary: z.string().optional(),
  message: z.string().optional(),
  /** What a running phase waits for now (its latest progress line). */
  waitingFor: z.string().optional(),
});
export type InstallPhaseView = z.infer<typeof InstallPhaseViewSchema>;

export const InstallStepViewSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  description: z.string(),
  state: z.enum(['pending', 'creating', 'created', 'adopted', 'unchanged', 'failed', 'deleting', 'deleted']),
  updatedAt: z.string().optional(),
});
export type InstallStepView = z.infer<typeof InstallStepViewSchema>;

export const InstallMachineViewSchema = z.strictObject({
  name: z.string(),
  role: z.string(),
  pool: z.string(),
  state: z.string(),
  addresses: z.array(z.string()),
  since: z.string(),
  reason: z.string().optional(),
});
export type InstallMachineView = z.infer<typeof InstallMachineViewSchema>;

export const InstallErrorSchema = z.strictObject({ message: z.string(), problems: z.array(ProblemSchema) });
export const InstallResultSchema = z.strictObject({ apiUrl: z.string(), clusterId: z.string() });

export const InstallSummarySchema = z.strictObject({
  id: z.string(),
  cluster: z.string(),
  platform: z.string(),
  until: z.enum(INSTALL_UNTIL),
  state: z.enum(INSTALL_STATES),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type InstallSummary = z.infer<typeof InstallSummarySchema>;

export const InstallSnapshotSchema = InstallSummarySchema.extend({
  error: InstallErrorSchema.optional(),
  phases: z.array(InstallPhaseViewSchema),
  steps: z.array(InstallStepViewSchema),
  machines: z.array(InstallMachineViewSchema),
  lastSeq: z.number().int(),
  result: InstallResultSchema.optional(),
});
export type InstallSnapshot = z.infer<typeof InstallSnapshotSchema>;

const eventBase = { seq: z.number().int().positive(), at: z.string() };
export const InstallEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...eventBase,
    type: z.literal('state'),
    state: z.enum(INSTALL_STATES),
    error: InstallErrorSchema.optional(),
    /** Set on `succeeded`: where the cluster's API is and its id. */
    result: InstallResultSchema.optional(),
  }),
  z.strictObject({ ...eventBase, type: z.literal('phase'), phase: InstallPhaseViewSchema }),
  z.strictObject({ ...eventBase, type: z.literal('step'), step: InstallStepViewSchema }),
  z.strictObject({ ...eventBase, type: z.literal('machine'), machine: InstallMachineViewSchema }),
  z.strictObject({ ...eventBase, type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type InstallEvent = z.infer<typeof InstallEventSchema>;

export const DestroyRequestSchema = z.strictObject({ confirm: z.string() });

/**
 * The snapshot after `event`: how the console's browser keeps a page current from the
 * stream, the same fold the service uses to answer `GET /v1/installs/{id}`.
 */
export function applyInstallEvent(snapshot: InstallSnapshot, event: InstallEvent): InstallSnapshot {
  if (event.seq <= snapshot.lastSeq) return snapshot;
  const next: InstallSnapshot = { ...snapshot, lastSeq: event.seq, updatedAt: event.at };
  const upsert = <T extends { id?: string; name?: string }>(list: T[], item: T, key: 'id' | 'name'): T[] => {
    const i = list.findIndex((x) => x[key] === item[key]);
    return i < 0 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
  };
  switch (event.type) {
    case 'state':
      next.state = event.state;
      if (event.error) next.error = event.error;
      else if (event.state === 'running' || event.state === 'pending') delete next.error;
      if (event.result) next.result = event.result;
      break;
    case 'phase':
      next.phases = upsert(next.phases, event.phase, 'id');
      break;
    case 'step':
      next.steps = upsert(next.steps, event.step, 'id');
      break;
    case 'machine':
      next.machines = upsert(next.machines, event.machine, 'name');
      break;
    case 'log':
      break;
  }
  return next;
}
