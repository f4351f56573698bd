'use client';

import { useMemo, useState } from 'react';
import { Anchor, Group, Stack } from '@mantine/core';
import { formatAge, StatusBadge, VirtualTable, type VirtualColumn } from '@strata/ui';
import { clusterHref, yamlHref } from '../../lib/links';
import type { NamespaceRow } from '../../lib/rows';
import { TableToolbar } from '../live/table-toolbar';
import { useLiveRows } from '../live/use-live-rows';

/** Namespaces with links to their pods and workloads. */
export function NamespacesView({ clusterId }: { clusterId: string }) {
  const [rows, loaded, error, stream] = useLiveRows(clusterId, 'namespaces');
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState<number | undefined>();
  const columns = useMemo<VirtualColumn<NamespaceRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        value: (n) => n.name,
        width: 'minmax(200px, 2fr)',
        cell: (n) => <Anchor href={yamlHref(clusterId, 'namespaces', n.name)}>{n.name}</Anchor>,
      },
      { id: 'status', header: 'Status', value: (n) => n.phase, width: '130px', cell: (n) => <StatusBadge status={n.phase} /> },
      { id: 'age', header: 'Age', value: (n) => n.createdAt ?? '', width: '80px', cell: (n) => formatAge(n.createdAt) },
      {
        id: 'links',
        header: 'Show',
        value: () => '',
        sortable: false,
        width: 'minmax(200px, 1fr)',
        cell: (n) => (
          <Group gap="sm">
            <Anchor size="sm" href={`${clusterHref(clusterId, 'pods')}?namespace=${encodeURIComponent(n.name)}`}>
              Pods
            </Anchor>
            <Anchor size="sm" href={`${clusterHref(clusterId, 'workloads')}?namespace=${encodeURIComponent(n.name)}`}>
              Workloads
            </Anchor>
            <Anchor size="sm" href={`${clusterHref(clusterId, 'events')}?namespace=${encodeURIComponent(n.name)}`}>
              Events
            </Anchor>
          </Group>
        ),
      },
    ],
    [clusterId],
  );
  return (
    <Stack>
      <TableToolbar filter={filter} onFilter={setFilter} count={rows.length} shown={shown} noun="namespaces" loaded={loaded} error={error} stream={stream} />
      <VirtualTable
        onRowCountChange={setShown}
        label="Namespaces"
        rows={rows}
        columns={columns}
        getRowId={(n) => n.uid}
        filter={filter}
        initialSort={[{ id: 'name', desc: false }]}
        emptyText={loaded ? 'No namespaces.' : 'Loading…'}
      />
    </Stack>
  );
}
