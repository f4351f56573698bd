import { audit } from '@strata/console-server';
import type { ConsoleStore } from './runtime';
import type { ConsoleSession } from './session';
import { consoleLog } from './log';

/** `cluster/namespace/resource/name` (parts left out when absent), as audit targets read. */
export function auditTarget(clusterId: string | undefined, ref: { resource?: string; namespace?: string | undefined; name?: string } = {}): string {
  return [clusterId, ref.namespace, ref.resource, ref.name].filter((part) => part !== undefined && part !== '').join('/') || '-';
}

/**
 * Writes an audit record of a change made through the console: who did what to which
 * target, and how it ended. A failure to write it is logged, not shown: the change is done.
 */
export async function recordAudit(
  store: ConsoleStore,
  session: ConsoleSession | { user: { username: string } },
  action: string,
  target: string,
  detail?: string,
  outcome: 'success' | 'denied' | 'failure' = 'success',
): Promise<void> {
  try {
    await audit(store, { user: session.user.username, action, target, outcome, ...(detail ? { detail } : {}) });
  } catch (error) {
    consoleLog().error({ err: error, action, target }, 'writing an audit record failed');
  }
}
