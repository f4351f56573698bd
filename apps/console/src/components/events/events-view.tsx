'use client';

import { useMemo, useState } from 'react';
import { Anchor, Stack, Switch, Text } from '@mantine/core';
import { formatAge, StatusBadge, VirtualTable, type VirtualColumn } from '@strata/ui';
import { resourceOfKind, yamlHref } from '../../lib/links';
import type { EventRow } from '../../lib/rows';
import { NamespacePicker } from '../live/namespace-picker';
import { TableToolbar } from '../live/table-toolbar';
import { useLiveRows } from '../live/use-live-rows';
import { useNamespaceParam } from '../live/use-namespace-param';

/** Events of the cluster or one namespace, newest first. */
export function EventsView({ clusterId }: { clusterId: string }) {
  const [namespace, setNamespace] = useNamespaceParam();
  const [rows, loaded, error, stream] = useLiveRows(clusterId, 'events', namespace);
  const [filter, setFilter] = useState('');
  const [visible, setVisible] = useState<number | undefined>();
  const [warningsOnly, setWarningsOnly] = useState(false);
  const shown = useMemo(() => (warningsOnly ? rows.filter((e) => e.type === 'Warning') : rows), [rows, warningsOnly]);
  const columns = useMemo<VirtualColumn<EventRow>[]>(
    () => [
      { id: 'lastSeen', header: 'Last seen', value: (e) => e.lastSeen ?? '', width: '110px', cell: (e) => formatAge(e.lastSeen) },
      { id: 'type', header: 'Type', value: (e) => e.type, width: '100px', cell: (e) => <StatusBadge status={e.type} /> },
      {
        id: 'reason',
        header: 'Reason',
        value: (e) => e.reason,
        width: 'minmax(120px, 1fr)',
        cell: (e) => (
          <Anchor size="sm" href={yamlHref(clusterId, 'events', e.name, e.namespace)}>
            {e.reason || e.name}
          </Anchor>
        ),
      },
      {
        id: 'object',
        header: 'Object',
        value: (e) => e.object,
        width: 'minmax(160px, 1.4fr)',
        cell: (e) => {
          const resource = resourceOfKind(e.objectKind);
          return resource && e.objectName ? (
            <Anchor size="sm" href={yamlHref(clusterId, resource, e.objectName, e.namespace)}>
              {e.object}
            </Anchor>
          ) : (
            e.object
          );
        },
      },
      {
        id: 'message',
        header: 'Message',
        value: (e) => e.message,
        width: 'minmax(240px, 3fr)',
        cell: (e) => (
          <Text size="sm" title={e.message} truncate>
            {e.message}
          </Text>
        ),
      },
      { id: 'count', header: 'Count', value: (e) => e.count, width: '70px' },
      { id: 'namespace', header: 'Namespace', value: (e) => e.namespace, width: 'minmax(100px, 0.8fr)' },
    ],
    [clusterId],
  );
  return (
    <Stack>
      <TableToolbar filter={filter} onFilter={setFilter} count={shown.length} shown={visible} noun="events" loaded={loaded} error={error} stream={stream}>
        <NamespacePicker clusterId={clusterId} value={namespace} onChange={setNamespace} />
        <Switch label="Warnings only" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.currentTarget.checked)} />
      </TableToolbar>
      <VirtualTable
        onRowCountChange={setVisible}
        label="Events"
        rows={shown}
        columns={columns}
        getRowId={(e) => e.uid}
        filter={filter}
        initialSort={[{ id: 'lastSeen', desc: true }]}
        emptyText={loaded ? 'No events.' : 'Loading…'}
      />
    </Stack>
  );
}
