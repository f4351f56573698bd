'use client';

import { useMemo, useState } from 'react';
import { Anchor, Stack } from '@mantine/core';
import { formatAge, StatusBadge, VirtualTable, type VirtualColumn } from '@strata/ui';
import { podHref } from '../../lib/links';
import type { PodRow } from '../../lib/rows';
import { NamespacePicker } from '../live/namespace-picker';
import { TableToolbar } from '../live/table-toolbar';
import { useLiveRows } from '../live/use-live-rows';
import { useNamespaceParam } from '../live/use-namespace-param';

/** The pods of a cluster (or one namespace), live. */
export function PodsView({ clusterId }: { clusterId: string }) {
  const [namespace, setNamespace] = useNamespaceParam();
  const [rows, loaded, error, stream] = useLiveRows(clusterId, 'pods', namespace);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState<number | undefined>();
  const columns = useMemo<VirtualColumn<PodRow>[]>(
    () => [
      { id: 'namespace', header: 'Namespace', value: (p) => p.namespace, width: 'minmax(110px, 1fr)' },
      {
        id: 'name',
        header: 'Name',
        value: (p) => p.name,
        width: 'minmax(200px, 2fr)',
        cell: (p) => <Anchor href={podHref(clusterId, p.namespace ?? '', p.name)}>{p.name}</Anchor>,
      },
      { id: 'status', header: 'Status', value: (p) => p.status, width: '140px', cell: (p) => <StatusBadge status={p.status} /> },
      { id: 'ready', header: 'Ready', value: (p) => p.ready, width: '70px' },
      { id: 'restarts', header: 'Restarts', value: (p) => p.restarts, width: '80px' },
      { id: 'node', header: 'Node', value: (p) => p.node ?? '', width: 'minmax(120px, 1fr)' },
      { id: 'ip', header: 'IP', value: (p) => p.podIP ?? '', width: '120px' },
      { id: 'age', header: 'Age', value: (p) => p.createdAt ?? '', width: '70px', cell: (p) => formatAge(p.createdAt) },
    ],
    [clusterId],
  );
  return (
    <Stack>
      <TableToolbar filter={filter} onFilter={setFilter} count={rows.length} shown={shown} noun="pods" loaded={loaded} error={error} stream={stream}>
        <NamespacePicker clusterId={clusterId} value={namespace} onChange={setNamespace} />
      </TableToolbar>
      <VirtualTable
        onRowCountChange={setShown}
        label="Pods"
        rows={rows}
        columns={columns}
        getRowId={(p) => p.uid}
        filter={filter}
        height={640}
        initialSort={[{ id: 'name', desc: false }]}
        emptyText={loaded ? 'No pods.' : 'Loading…'}
      />
    </Stack>
  );
}
