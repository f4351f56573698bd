import { sweepRecordedProcesses } from './process-registry';

/**
 * Vitest global setup: returns the teardown that kills any process a harness started
 * and could not stop itself (for example when a test worker crashed).
 */
export default function setup(): () => void {
  return () => {
    const killed = sweepRecordedProcesses();
    if (killed.length > 0) console.warn(`testkit: killed leftover processes: ${killed.join(', ')}`);
  };
}
