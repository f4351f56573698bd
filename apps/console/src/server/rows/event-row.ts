import type { CoreV1Event } from '@kubernetes/client-node';
import type { EventRow } from '../../lib/rows';
import { baseRow, isoOf } from './meta';

/** An Event as `kubectl get events` shows it. */
export function eventRow(e: CoreV1Event): EventRow {
  const kind = e.involvedObject?.kind ?? '';
  const name = e.involvedObject?.name ?? '';
  const lastSeen =
    isoOf(e.lastTimestamp) ?? isoOf(e.eventTime) ?? isoOf(e.series?.lastObservedTime) ?? isoOf(e.firstTimestamp) ?? isoOf(e.metadata?.creationTimestamp);
  return {
    ...baseRow(e),
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    object: `${kind}/${name}`,
    objectKind: kind,
    objectName: name,
    count: e.series?.count ?? e.count ?? 1,
    ...(lastSeen ? { lastSeen } : {}),
  };
}
