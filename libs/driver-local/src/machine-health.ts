import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The part of `<root>/run/machine.status.json` (written by `node-agent machine`, whose
 * MachineStatusSchema is the full format) that the driver reports: the agent's restarts.
 */
const MachineStatusSchema = z.object({
  state: z.enum(['running', 'restarting', 'stopping', 'stopped']),
  agent: z.object({
    pid: z.number().int().nullable(),
    restarts: z.number().int(),
    lastExit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string() }).nullable(),
    nextRestartAt: z.string().nullable(),
  }),
});

/** The fields of the agent's own `<root>/run/node-agent.status.json` this needs. */
const AgentStatusSchema = z.object({ pid: z.number().int(), healthy: z.boolean() });

/** How one machine's agent is doing, as its supervisor and the agent itself report it. */
export interface MachineHealth {
  /** `recovering`: restarted, and the new agent has not reported healthy yet (it is re-adopting its static pods). */
  agent: 'running' | 'restarting' | 'recovering' | 'stopping' | 'stopped' | 'unknown';
  restarts: number;
  lastExit: string | null;
}

function describeExit(exit: { code: number | null; signal: string | null; at: string } | null): string | null {
  if (!exit) return null;
  return `${exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`} at ${exit.at}`;
}

function agentHealthy(root: string, pid: number | null): boolean {
  try {
    const s = AgentStatusSchema.parse(JSON.parse(readFileSync(join(root, 'run/node-agent.status.json'), 'utf8')));
    return s.pid === pid && s.healthy;
  } catch {
    return false;
  }
}

/** The machine's agent as seen through the status files in its root (no API access needed). */
export function machineHealth(root: string): MachineHealth {
  try {
    const s = MachineStatusSchema.parse(JSON.parse(readFileSync(join(root, 'run/machine.status.json'), 'utf8')));
    const lastExit = describeExit(s.agent.lastExit);
    if (s.state === 'running' && s.agent.restarts > 0 && !agentHealthy(root, s.agent.pid)) return { agent: 'recovering', restarts: s.agent.restarts, lastExit };
    return { agent: s.state, restarts: s.agent.restarts, lastExit };
  } catch {
    return { agent: 'unknown', restarts: 0, lastExit: null };
  }
}
