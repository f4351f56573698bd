'use client';

import { useMemo } from 'react';
import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmButton, formatAge, KeyValues, StatusBadge, useJson } from '@strata/ui';
import { clusterHref, yamlHref } from '../../lib/links';
import { podDetailsFromYaml } from '../../lib/pod-details';
import type { EventRow, RowPage } from '../../lib/rows';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

/** One pod's details and events, refreshed every 5 s. */
export function PodDetail({ clusterId, namespace, name }: { clusterId: string; namespace: string; name: string }) {
  const viewer = useViewer();
  const base = `/api/clusters/${encodeURIComponent(clusterId)}`;
  const objectQuery = new URLSearchParams({ resource: 'pods', namespace, name }).toString();
  const [object, loaded, error] = useJson<{ yaml: string }>(`${base}/object?${objectQuery}`, { refreshMs: 5_000 });
  const eventsQuery = new URLSearchParams({ namespace, limit: '200', fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}` }).toString();
  const [events] = useJson<RowPage<EventRow>>(`${base}/resources/events?${eventsQuery}`, { refreshMs: 5_000 });
  const details = useMemo(() => {
    try {
      return object ? podDetailsFromYaml(object.yaml) : undefined;
    } catch {
      return undefined;
    }
  }, [object]);

  if (!loaded) return <Loader />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>
          Pod {namespace}/{name}
        </Title>
        <Group>
          <Anchor href={yamlHref(clusterId, 'pods', name, namespace)}>YAML</Anchor>
          {viewer.can.operate ? (
            <ConfirmButton
              label="Delete"
              title={`Delete pod ${namespace}/${name}?`}
              message="A pod managed by a controller is replaced by a new one."
              onConfirm={async () => {
                await apiSend('DELETE', `${base}/object?${objectQuery}`, viewer.csrf);
                notifications.show({ message: `Deleted ${name}`, color: 'green' });
                window.location.assign(`${clusterHref(clusterId, 'pods')}?namespace=${encodeURIComponent(namespace)}`);
              }}
            />
          ) : null}
        </Group>
      </Group>
      {error ? (
        <Alert color={details ? 'yellow' : 'red'} role="alert">
          {error.message}
        </Alert>
      ) : null}
      {details ? (
        <>
          <KeyValues
            label="Pod"
            items={[
              ['Status', <StatusBadge key="s" status={details.phase} />],
              ['Node', details.node ?? '-'],
              ['Pod IP', details.podIP ?? '-'],
              ['QoS class', details.qosClass ?? '-'],
              ['Started', details.startTime ? `${formatAge(details.startTime)} ago` : '-'],
              ['Controlled by', details.owner ?? '-'],
              [
                'Labels',
                <Group key="l" gap={4}>
                  {Object.entries(details.labels).map(([k, v]) => (
                    <Badge key={k} variant="outline" color="gray" tt="none">
                      {k}={v}
                    </Badge>
                  ))}
                </Group>,
              ],
            ]}
          />
          <Title order={4}>Containers</Title>
          <Table aria-label="Containers" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Image</Table.Th>
                <Table.Th>Ready</Table.Th>
                <Table.Th>Restarts</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.containers.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.image}</Table.Td>
                  <Table.Td>{c.ready ? 'yes' : 'no'}</Table.Td>
                  <Table.Td>{c.restarts}</Table.Td>
                  <Table.Td>{c.state}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={4}>Conditions</Title>
          <Table aria-label="Conditions" withTableBorder>
            <Table.Tbody>
              {details.conditions.map((c) => (
                <Table.Tr key={c.type}>
                  <Table.Td>{c.type}</Table.Td>
                  <Table.Td>{c.status}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {[c.reason, c.message].filter(Boolean).join(': ')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
      <Title order={4}>Events</Title>
      {(events?.items ?? []).length === 0 ? (
        <Text c="dimmed">No events.</Text>
      ) : (
        <Table aria-label="Pod events" withTableBorder>
          <Table.Tbody>
            {[...(events?.items ?? [])]
              .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
              .map((e) => (
                <Table.Tr key={e.uid}>
                  <Table.Td>{formatAge(e.lastSeen)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.type === 'Warning' ? 'Warning' : 'Normal'} />
                  </Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
