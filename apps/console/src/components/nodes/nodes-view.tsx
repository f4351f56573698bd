'use client';

import { useMemo, useState } from 'react';
import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatAge, StatusBadge, VirtualTable, type VirtualColumn } from '@strata/ui';
import { yamlHref } from '../../lib/links';
import type { NodeRow } from '../../lib/rows';
import { apiSend } from '../api';
import { TableToolbar } from '../live/table-toolbar';
import { useLiveRows } from '../live/use-live-rows';
import { useViewer } from '../viewer-context';
import { DrainButton } from './drain-button';

/** The nodes of a cluster, live. */
export function NodesView({ clusterId }: { clusterId: string }) {
  const viewer = useViewer();
  const [rows, loaded, error, stream] = useLiveRows(clusterId, 'nodes');
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState<number | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const columns = useMemo<VirtualColumn<NodeRow>[]>(() => {
    const nodeAction = async (node: NodeRow, action: 'cordon' | 'uncordon') => {
      setBusy(node.name);
      try {
        await apiSend('POST', `/api/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(node.name)}/${action}`, viewer.csrf);
        notifications.show({ message: `${action === 'cordon' ? 'Cordoned' : 'Uncordoned'} ${node.name}`, color: 'green' });
      } catch (err) {
        notifications.show({ title: `${action} ${node.name} failed`, message: err instanceof Error ? err.message : String(err), color: 'red' });
      } finally {
        setBusy(undefined);
      }
    };
    const base: VirtualColumn<NodeRow>[] = [
      {
        id: 'name',
        header: 'Name',
        value: (n) => n.name,
        width: 'minmax(160px, 1.4fr)',
        cell: (n) => <Anchor href={yamlHref(clusterId, 'nodes', n.name)}>{n.name}</Anchor>,
      },
      {
        id: 'status',
        header: 'Status',
        value: (n) => `${n.ready}${n.schedulable ? '' : ' SchedulingDisabled'}`,
        width: 'minmax(190px, 1.2fr)',
        cell: (n) => (
          <Group gap={4} wrap="nowrap" data-testid="node-status" title={n.readyMessage || undefined}>
            <StatusBadge status={n.ready} />
            {n.schedulable ? null : <StatusBadge status="SchedulingDisabled" />}
          </Group>
        ),
      },
      { id: 'roles', header: 'Roles', value: (n) => n.roles.join(', '), width: 'minmax(110px, 0.8fr)' },
      { id: 'os', header: 'OS image', value: (n) => n.osImage, width: 'minmax(160px, 1.2fr)' },
      {
        id: 'addresses',
        header: 'Addresses',
        value: (n) => n.addresses.join(' '),
        width: 'minmax(180px, 1.4fr)',
        cell: (n) => (
          <Text size="sm" title={n.addresses.join('\n')}>
            {n.addresses.join(', ')}
          </Text>
        ),
      },
      { id: 'version', header: 'Kubelet', value: (n) => n.kubeletVersion, width: '100px' },
      { id: 'age', header: 'Age', value: (n) => n.createdAt ?? '', width: '70px', cell: (n) => formatAge(n.createdAt) },
    ];
    if (!viewer.can.operate) return base;
    return [
      ...base,
      {
        id: 'actions',
        header: 'Actions',
        value: () => '',
        sortable: false,
        width: '220px',
        cell: (n) => (
          <Group gap={4} wrap="nowrap">
            {n.schedulable ? (
              <Button size="compact-xs" variant="light" aria-label={`Cordon ${n.name}`} loading={busy === n.name} onClick={() => void nodeAction(n, 'cordon')}>
                Cordon
              </Button>
            ) : (
              <Button
                size="compact-xs"
                variant="light"
                aria-label={`Uncordon ${n.name}`}
                loading={busy === n.name}
                onClick={() => void nodeAction(n, 'uncordon')}
              >
                Uncordon
              </Button>
            )}
            <DrainButton clusterId={clusterId} node={n.name} />
          </Group>
        ),
      },
    ];
  }, [clusterId, viewer, busy]);

  return (
    <Stack>
      <TableToolbar filter={filter} onFilter={setFilter} count={rows.length} shown={shown} noun="nodes" loaded={loaded} error={error} stream={stream} />
      <VirtualTable
        onRowCountChange={setShown}
        label="Nodes"
        rows={rows}
        columns={columns}
        getRowId={(n) => n.uid}
        filter={filter}
        initialSort={[{ id: 'name', desc: false }]}
        emptyText={loaded ? 'No nodes.' : 'Loading…'}
      />
    </Stack>
  );
}
