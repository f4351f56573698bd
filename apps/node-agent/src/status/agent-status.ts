import { z } from 'zod';

const StaticPodStatusSchema = z.object({
  name: z.string(),
  manifest: z.string(),
  image: z.string().nullable(),
  command: z.string().nullable(),
  state: z.enum(['starting', 'running', 'backoff', 'failed', 'stopping', 'stopped']),
  pid: z.number().int().nullable(),
  restarts: z.number().int(),
  ready: z.boolean(),
  startedAt: z.string().nullable(),
  lastExit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string(), reason: z.string().nullable() }).nullable(),
  nextRestartAt: z.string().nullable(),
  error: z.string().nullable(),
  log: z.string(),
});

const RegistrationStatusSchema = z.object({
  state: z.enum(['pending', 'registered', 'stopped']),
  node: z.string(),
  server: z.string(),
  registeredAt: z.string().nullable(),
  ready: z.boolean(),
  lastStatusUpdate: z.string().nullable(),
  lastLeaseRenewal: z.string().nullable(),
  lastError: z.string().nullable(),
  skippedLabels: z.array(z.string()),
});

/**
 * `<root>/run/node-agent.status.json`: the machine's state as its agent sees it, for
 * the local driver and `strata status` (no API access needed). Rewritten atomically on
 * every change and at least every few seconds (`updatedAt`).
 */
export const NodeAgentStatusSchema = z.object({
  /** Format version of this file. */
  version: z.literal(1),
  cluster: z.string(),
  machine: z.string(),
  role: z.enum(['control-plane', 'worker']),
  address: z.string(),
  pid: z.number().int(),
  /** `running` while the agent works, `stopping` during a clean stop, `stopped` after it. */
  state: z.enum(['running', 'stopping', 'stopped']),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** The agent's health endpoint, or null when disabled. */
  healthz: z.string().nullable(),
  /** True when the node is registered and every static pod runs (what /healthz answers). */
  healthy: z.boolean(),
  registration: RegistrationStatusSchema,
  staticPods: z.array(StaticPodStatusSchema),
});

export type NodeAgentStatus = z.infer<typeof NodeAgentStatusSchema>;
