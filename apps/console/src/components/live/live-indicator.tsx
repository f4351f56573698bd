'use client';

import { Badge, Tooltip } from '@mantine/core';
import type { StreamStatus } from '@strata/ui';

const LOOK: Record<StreamStatus, { color: string; text: string; tip: string }> = {
  live: { color: 'green', text: 'Live', tip: 'Changes appear as they happen.' },
  connecting: { color: 'gray', text: 'Connecting', tip: 'Opening the live update stream.' },
  reconnecting: { color: 'yellow', text: 'Reconnecting', tip: 'The live update stream dropped; reconnecting by itself.' },
  closed: { color: 'gray', text: 'Paused', tip: 'Live updates are off.' },
};

/** Whether the table's live update stream is connected. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const look = LOOK[status];
  return (
    <Tooltip label={look.tip}>
      <Badge color={look.color} variant="dot" data-stream={status} aria-label={`Live updates: ${look.text}`}>
        {look.text}
      </Badge>
    </Tooltip>
  );
}
