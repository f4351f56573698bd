'use client';

import type { ReactNode } from 'react';
import { Alert, Group, Loader, Text, TextInput } from '@mantine/core';
import type { StreamStatus } from '@strata/ui';
import { LiveIndicator } from './live-indicator';

/** The line above a live table: filter box, extra controls, row count, live state, errors. */
export function TableToolbar({
  filter,
  onFilter,
  count,
  shown,
  noun,
  loaded,
  error,
  stream,
  children,
}: {
  filter: string;
  onFilter: (value: string) => void;
  count: number;
  /** Rows that pass the filter, when fewer than `count`. */
  shown?: number | undefined;
  noun: string;
  loaded: boolean;
  error: Error | undefined;
  stream: StreamStatus;
  children?: ReactNode;
}) {
  return (
    <>
      <Group justify="space-between">
        <Group>
          <TextInput aria-label="Filter" placeholder="Filter…" value={filter} onChange={(e) => onFilter(e.currentTarget.value)} w={260} />
          {children}
        </Group>
        <Group gap="sm">
          {loaded ? (
            <Text size="sm" c="dimmed" data-testid="row-count">
              {shown !== undefined && shown !== count ? `${shown} of ${count} ${noun}` : `${count} ${noun}`}
            </Text>
          ) : (
            <Loader size="xs" />
          )}
          <LiveIndicator status={stream} />
        </Group>
      </Group>
      {error ? (
        <Alert color="red" title="Could not read the cluster" role="alert">
          {error.message}
        </Alert>
      ) : null}
    </>
  );
}
