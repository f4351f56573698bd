'use client';

import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { StatusBadge, useJson } from '@strata/ui';
import type { InstallSummary } from '@strata/install-contract';

/** Every install the installer service knows, refreshed every 5 s, each linking to its progress page. */
export function InstallsList() {
  const [data, loaded, error] = useJson<{ items: InstallSummary[] }>('/api/installer/installs', { refreshMs: 5_000 });
  const items = [...(data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Installs</Title>
        <Button component="a" href="/clusters/new" size="xs">
          Create cluster
        </Button>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      {loaded && items.length === 0 ? <Text c="dimmed">No installs yet.</Text> : null}
      {items.length > 0 ? (
        <Table aria-label="Installs" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cluster</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} data-install={i.id}>
                <Table.Td>
                  <Anchor href={`/installs/${encodeURIComponent(i.id)}`}>{i.cluster}</Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline">{i.platform}</Badge>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={i.state} />
                </Table.Td>
                <Table.Td>{new Date(i.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>{i.createdBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
