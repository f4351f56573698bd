/** The Mantine colors statuses are drawn in. */
export type StatusColor = 'green' | 'yellow' | 'orange' | 'red' | 'gray' | 'blue';

const GREEN = ['ready', 'running', 'healthy', 'active', 'valid', 'succeeded', 'completed', 'bound', 'available', 'normal', 'ok', 'true'];
const BLUE = ['free_tier', 'schedulingdisabled', 'cordoned'];
const YELLOW = ['pending', 'progressing', 'degraded', 'unknown', 'terminating', 'containercreating', 'over_limit_grace', 'expired_grace', 'warning'];
const RED = [
  'notready',
  'failed',
  'error',
  'crashloopbackoff',
  'unhealthy',
  'unreachable',
  'over_limit',
  'expired',
  'invalid',
  'revoked',
  'imagepullbackoff',
  'errimagepull',
  'false',
  'missing',
];

/**
 * The color a status word is shown in. Words are compared case-insensitively, so a
 * pod phase (`Running`), a node condition (`NotReady`) and a license status
 * (`OVER_LIMIT_GRACE`) all map without a table per kind.
 */
export function statusColor(status: string | undefined | null): StatusColor {
  const word = (status ?? '').toLowerCase().replace(/[\s-]/g, '');
  if (word === '') return 'gray';
  if (GREEN.includes(word)) return 'green';
  if (BLUE.includes(word)) return 'blue';
  if (YELLOW.includes(word)) return 'yellow';
  if (RED.includes(word)) return 'red';
  return 'gray';
}
