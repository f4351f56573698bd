import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `<root>/run/machine.status.json`: what the machine's supervisor knows about its node
 * agent, the part `systemctl status kubelet` shows on a real machine. Rewritten atomically
 * at every change.
 */
export const MachineStatusSchema = z.object({
  version: z.literal(1),
  /** The supervisor's own pid. */
  pid: z.number().int(),
  /** `running` (agent up), `restarting` (agent exited, restart scheduled), `stopping`, `stopped`. */
  state: z.enum(['running', 'restarting', 'rebooting', 'stopping', 'stopped']),
  updatedAt: z.string(),
  agent: z.object({
    pid: z.number().int().nullable(),
    startedAt: z.string().nullable(),
    /** Restarts since the supervisor started. */
    restarts: z.number().int(),
    lastExit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string() }).nullable(),
    nextRestartAt: z.string().nullable(),
  }),
  /** The running boot (machines booted from `/usr` slots): its boot id and whether its slot is on trial. */
  boot: z.object({ id: z.string(), trial: z.boolean(), at: z.string() }).nullable().default(null),
  /** Boots since the supervisor started (1 after the first boot). */
  boots: z.number().int().default(0),
});
export type MachineStatus = z.infer<typeof MachineStatusSchema>;

export function machineStatusPath(root: string): string {
  return join(root, 'run/machine.status.json');
}

/** Reads a machine's supervisor status; undefined when there is none or it cannot be read. */
export function readMachineStatus(root: string): MachineStatus | undefined {
  try {
    return MachineStatusSchema.parse(JSON.parse(readFileSync(machineStatusPath(root), 'utf8')));
  } catch {
    return undefined;
  }
}
