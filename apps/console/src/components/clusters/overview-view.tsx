'use client';

import { Alert, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatAge, StatusBadge, useJson } from '@strata/ui';
import type { OverviewAnswer } from '../../lib/overview';

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card withBorder padding="md" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value}
      </Text>
      {detail ? (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </Card>
  );
}

/** The overview of one cluster, refreshed every 15 s. */
export function OverviewView({ clusterId }: { clusterId: string }) {
  const [data, loaded, error] = useJson<OverviewAnswer>(`/api/clusters/${encodeURIComponent(clusterId)}/overview`, { refreshMs: 15_000 });
  if (!loaded) return <Loader />;
  if (!data) {
    return (
      <Alert color="red" title="Could not read the cluster" role="alert">
        {error?.message ?? 'No answer.'}
      </Alert>
    );
  }
  const failing = data.controlPlane.filter((c) => !c.healthy);
  const addons = data.addons;
  const addonsReady = addons.addons.filter((a) => a.state === 'ready').length;
  return (
    <Stack>
      {error ? (
        <Alert color="yellow" role="alert">
          Refreshing failed: {error.message}
        </Alert>
      ) : null}
      {addons.recorded && !addons.healthy ? (
        <Alert color="orange" title="Cluster degraded" role="status" data-testid="addons-degraded">
          {addons.reasons.join('; ')}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
        <Stat label="Version" value={data.version} />
        <Stat
          label="Control plane"
          value={failing.length === 0 ? 'Healthy' : 'Degraded'}
          detail={`${data.controlPlane.length - failing.length} of ${data.controlPlane.length} checks pass`}
        />
        <Stat label="Nodes ready" value={`${data.nodes.ready}/${data.nodes.total}`} />
        <Stat label="Pods" value={String(data.pods.total)} detail={`${data.pods.running} running, ${data.pods.pending} pending, ${data.pods.failed} failed`} />
        <Stat
          label="Add-ons"
          value={!addons.recorded ? 'Not managed' : addons.healthy ? 'Ready' : 'Degraded'}
          detail={addons.recorded ? `${addonsReady} of ${addons.addons.length} ready` : 'not installed by Strata'}
        />
      </SimpleGrid>
      {addons.addons.length > 0 ? (
        <Stack gap="xs">
          <Title order={4}>Cluster add-ons</Title>
          <Table aria-label="Cluster add-ons" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Add-on</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Ready</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {addons.addons.map((a) => (
                <Table.Tr key={a.name} data-addon={a.name}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{a.version}</Table.Td>
                  <Table.Td>{`${a.ready}/${a.desired}`}</Table.Td>
                  <Table.Td>
                    <StatusBadge
                      status={a.state === 'ready' ? 'Ready' : a.state === 'progressing' ? 'Progressing' : a.state === 'missing' ? 'Missing' : 'Degraded'}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {a.reason ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
      <Group align="flex-start" grow>
        <Stack gap="xs">
          <Title order={4}>Control-plane checks</Title>
          <Table aria-label="Control-plane checks" withTableBorder>
            <Table.Tbody>
              {[...failing, ...data.controlPlane.filter((c) => c.healthy)].map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.healthy ? 'Healthy' : 'Unhealthy'} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {c.healthy ? '' : c.message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
        <Stack gap="xs">
          <Title order={4}>Recent warnings</Title>
          {data.recentWarnings.length === 0 ? (
            <Text c="dimmed">No warning events.</Text>
          ) : (
            <Table aria-label="Recent warnings" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Seen</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Object</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.recentWarnings.map((w, i) => (
                  <Table.Tr key={`${w.object}-${w.reason}-${i}`}>
                    <Table.Td>{formatAge(w.lastSeen)}</Table.Td>
                    <Table.Td>{w.reason}</Table.Td>
                    <Table.Td>{w.object}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {w.message}
                        {w.count > 1 ? ` (×${w.count})` : ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Group>
    </Stack>
  );
}
