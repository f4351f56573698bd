'use client';

import { useMemo, useState } from 'react';
import { Anchor, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmButton, formatAge, VirtualTable, type VirtualColumn } from '@strata/ui';
import { yamlHref } from '../../lib/links';
import type { WorkloadRow } from '../../lib/rows';
import { apiSend } from '../api';
import { TableToolbar } from '../live/table-toolbar';
import { useLiveRows } from '../live/use-live-rows';
import { useViewer } from '../viewer-context';
import { ScaleButton } from './scale-button';

/** One kind of workload, live, with the actions the viewer's role allows. */
export function WorkloadTable({
  clusterId,
  resource,
  label,
  namespace,
}: {
  clusterId: string;
  resource: 'deployments' | 'statefulsets' | 'daemonsets';
  label: string;
  namespace: string | undefined;
}) {
  const viewer = useViewer();
  const [rows, loaded, error, stream] = useLiveRows(clusterId, resource, namespace);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState<number | undefined>();

  const columns = useMemo<VirtualColumn<WorkloadRow>[]>(() => {
    const base: VirtualColumn<WorkloadRow>[] = [
      { id: 'namespace', header: 'Namespace', value: (w) => w.namespace, width: 'minmax(120px, 1fr)' },
      {
        id: 'name',
        header: 'Name',
        value: (w) => w.name,
        width: 'minmax(160px, 1.5fr)',
        cell: (w) => <Anchor href={yamlHref(clusterId, resource, w.name, w.namespace)}>{w.name}</Anchor>,
      },
      {
        id: 'ready',
        header: 'Ready',
        value: (w) => `${w.ready}/${w.desired}`,
        width: '80px',
        cell: (w) => <span data-testid="workload-ready">{`${w.ready}/${w.desired}`}</span>,
      },
      { id: 'updated', header: 'Up-to-date', value: (w) => w.updated, width: '100px' },
      { id: 'available', header: 'Available', value: (w) => w.available, width: '90px' },
      { id: 'age', header: 'Age', value: (w) => w.createdAt ?? '', width: '70px', cell: (w) => formatAge(w.createdAt) },
    ];
    if (!viewer.can.operate) return base;
    const restart = async (w: WorkloadRow) => {
      try {
        await apiSend('POST', `/api/clusters/${encodeURIComponent(clusterId)}/restart`, viewer.csrf, { resource, namespace: w.namespace, name: w.name });
        notifications.show({ message: `Restarting ${w.name}`, color: 'green' });
      } catch (err) {
        notifications.show({ title: `Restarting ${w.name} failed`, message: err instanceof Error ? err.message : String(err), color: 'red' });
      }
    };
    return [
      ...base,
      {
        id: 'actions',
        header: 'Actions',
        value: () => '',
        sortable: false,
        width: '240px',
        cell: (w) => (
          <Group gap={4} wrap="nowrap">
            {resource !== 'daemonsets' ? <ScaleButton clusterId={clusterId} resource={resource} workload={w} /> : null}
            <Button size="compact-xs" variant="light" aria-label={`Restart ${w.name}`} onClick={() => void restart(w)}>
              Restart
            </Button>
            <ConfirmButton
              size="compact-xs"
              label="Delete"
              aria-label={`Delete ${w.name}`}
              title={`Delete ${w.kind} ${w.namespace}/${w.name}?`}
              message="Its pods are deleted too. This cannot be undone."
              onConfirm={async () => {
                const q = new URLSearchParams({ resource, namespace: w.namespace ?? '', name: w.name });
                await apiSend('DELETE', `/api/clusters/${encodeURIComponent(clusterId)}/object?${q.toString()}`, viewer.csrf);
                notifications.show({ message: `Deleted ${w.name}`, color: 'green' });
              }}
            />
          </Group>
        ),
      },
    ];
  }, [clusterId, resource, viewer]);

  return (
    <Stack>
      <TableToolbar
        filter={filter}
        onFilter={setFilter}
        count={rows.length}
        shown={shown}
        noun={label.toLowerCase()}
        loaded={loaded}
        error={error}
        stream={stream}
      />
      <VirtualTable
        onRowCountChange={setShown}
        label={label}
        rows={rows}
        columns={columns}
        getRowId={(w) => w.uid}
        filter={filter}
        initialSort={[{ id: 'name', desc: false }]}
        emptyText={loaded ? `No ${label.toLowerCase()}.` : 'Loading…'}
      />
    </Stack>
  );
}
