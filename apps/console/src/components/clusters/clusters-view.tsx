'use client';

import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmButton, StatusBadge, useJson } from '@strata/ui';
import type { ClustersAnswer } from '../../lib/fleet';
import { clusterHref } from '../../lib/links';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

/** The clusters table, refreshed every 10 s. */
export function ClustersView({ initial }: { initial: ClustersAnswer }) {
  const viewer = useViewer();
  const [data, , error, reload] = useJson<ClustersAnswer>('/api/clusters', { refreshMs: 10_000, initial });
  const clusters = data?.clusters ?? [];
  const license = data?.license;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Clusters</Title>
        <Group>
          {license ? (
            <Group gap={6} data-testid="license-summary">
              <Text size="sm">License:</Text>
              <StatusBadge status={license.status} />
              <Text size="sm" c="dimmed">
                {license.nodes} of {license.allowedNodes} nodes
              </Text>
            </Group>
          ) : null}
          <Button component="a" href="/installs" size="xs" variant="default">
            Installs
          </Button>
          <Button component="a" href="/clusters/new" size="xs">
            Create cluster
          </Button>
          {viewer.can.administer ? (
            <Button component="a" href="/clusters/import" size="xs" variant="light">
              Import a cluster
            </Button>
          ) : null}
        </Group>
      </Group>
      {error ? (
        <Alert color="yellow" role="alert">
          Refreshing failed: {error.message}
        </Alert>
      ) : null}
      {clusters.length === 0 ? (
        <Text c="dimmed">
          No clusters are registered with this console yet. Clusters installed with <code>npm run strata -- install</code> appear here by themselves
          {viewer.can.administer ? '; others can be imported from a kubeconfig' : ''}.
        </Text>
      ) : (
        <Table aria-label="Clusters" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Nodes ready</Table.Th>
              <Table.Th>Health</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>API server</Table.Th>
              {viewer.can.administer ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clusters.map((c) => (
              <Table.Tr key={c.id} data-cluster={c.name}>
                <Table.Td>
                  <Anchor href={clusterHref(c.id)}>{c.name}</Anchor>
                </Table.Td>
                <Table.Td>{c.version ?? '-'}</Table.Td>
                <Table.Td data-testid="nodes-ready">
                  {c.nodes.ready}/{c.nodes.total}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.health} title={c.error} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray">
                    {c.source ?? 'imported'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {c.apiUrl ?? ''}
                  </Text>
                </Table.Td>
                {viewer.can.administer ? (
                  <Table.Td>
                    {c.source === 'imported' ? (
                      <ConfirmButton
                        size="compact-xs"
                        label="Remove"
                        aria-label={`Remove ${c.name}`}
                        title={`Remove cluster ${c.name} from the console?`}
                        message="The console forgets the cluster and its kubeconfig. The cluster itself keeps running."
                        onConfirm={async () => {
                          await apiSend('DELETE', `/api/clusters/${encodeURIComponent(c.id)}`, viewer.csrf);
                          notifications.show({ message: `Removed ${c.name}`, color: 'green' });
                          reload();
                        }}
                      />
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
