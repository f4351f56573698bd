import type { NodeAgentConfig } from '@strata/bootstrap';
import { selfLabels, type NodeFacts } from './node-object';

/** Registration and heartbeat state, as reported in the status file. */
export interface RegistrationStatus {
  /** `pending` until the Node exists and carries the agent's status; `stopped` after a clean stop. */
  state: 'pending' | 'registered' | 'stopped';
  node: string;
  /** The API server the agent talks to. */
  server: string;
  registeredAt: string | null;
  /** The Ready status last posted. */
  ready: boolean;
  lastStatusUpdate: string | null;
  lastLeaseRenewal: string | null;
  /** The last failed API call, cleared by the next success. */
  lastError: string | null;
  /** Configured labels NodeRestriction does not let the node set (role labels). */
  skippedLabels: string[];
}

/** The registration state before the first attempt: pending, nothing posted yet. */
export function pendingRegistration(config: NodeAgentConfig, facts: NodeFacts, server: string): RegistrationStatus {
  return {
    state: 'pending',
    node: config.machine,
    server,
    registeredAt: null,
    ready: false,
    lastStatusUpdate: null,
    lastLeaseRenewal: null,
    lastError: null,
    skippedLabels: selfLabels(config, facts).skipped,
  };
}
