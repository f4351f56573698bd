import { Badge } from '@mantine/core';
import { statusColor } from './status-color';

/** A status word in its color (see `statusColor`). */
export function StatusBadge({ status, title }: { status: string | undefined | null; title?: string }) {
  return (
    <Badge
      color={statusColor(status)}
      variant="light"
      radius="sm"
      tt="none"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      title={title}
      data-status={status ?? ''}
    >
      {status || 'Unknown'}
    </Badge>
  );
}
