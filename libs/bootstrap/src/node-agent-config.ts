import { z } from 'zod';

/**
 * Configuration of the node agent that runs a local machine: written by Ignition to
 * `/etc/strata/node-agent.json` inside the machine root and read by apps/node-agent.
 */
export const NodeAgentConfigSchema = z.strictObject({
  cluster: z.string().min(1),
  machine: z.string().min(1),
  role: z.enum(['control-plane', 'worker']),
  pool: z.string().min(1),
  address: z.string().min(1),
  providerID: z.string().min(1),
  /** Kubeconfig of the node (`system:node:<name>`), a path inside the machine root. */
  kubeconfig: z.string().min(1),
  apiServerUrl: z.string().url(),
  kubernetesVersion: z.string().min(1),
  labels: z.record(z.string(), z.string()),
  taints: z.array(z.strictObject({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) })),
  os: z.strictObject({ name: z.string(), version: z.string(), channel: z.enum(['stable', 'beta', 'alpha']) }),
  /** Seconds between Lease renewals (the kubelet's default is 10). */
  leaseRenewSeconds: z.number().int().positive(),
  /** Seconds between node status updates. */
  statusUpdateSeconds: z.number().int().positive(),
});

export type NodeAgentConfig = z.infer<typeof NodeAgentConfigSchema>;
