'use client';

import { useState } from 'react';
import { Alert, Button, Card, FileButton, Group, Loader, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Countdown, EntitlementChart, licenseHeadline, StatusBadge, useJson } from '@strata/ui';
import type { LicenseAnswer } from '../../lib/fleet';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

/** The license page: state, chart of nodes against entitlement, per-cluster counts, upload. */
export function LicensePage() {
  const viewer = useViewer();
  const [data, loaded, error, reload] = useJson<LicenseAnswer>('/api/license', { refreshMs: 30_000 });
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | undefined>();

  const install = async (licenseText: string) => {
    setBusy(true);
    setUploadError(undefined);
    try {
      await apiSend('POST', '/api/license', viewer.csrf, { license: licenseText });
      notifications.show({ message: 'License installed', color: 'green' });
      setText('');
      reload();
      // The banner of the layout is rendered on the server; a refresh shows its new state.
      window.location.reload();
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (!loaded) return <Loader />;
  if (!data) {
    return (
      <Alert color="red" role="alert">
        {error?.message ?? 'No answer.'}
      </Alert>
    );
  }
  const { license } = data;
  return (
    <Stack>
      <Title order={2}>License</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Status
          </Text>
          <Group gap="xs" mt={4}>
            <StatusBadge status={license.status} />
            <Text fw={600}>{licenseHeadline(license.status)}</Text>
          </Group>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Nodes in use / entitled
          </Text>
          <Text size="xl" fw={700} data-testid="entitlement">
            {license.nodes} / {license.allowedNodes}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {license.graceDeadline ? 'Grace period ends in' : 'Expires'}
          </Text>
          <Text size="xl" fw={700} data-testid="grace">
            {license.graceDeadline ? (
              <Countdown deadline={license.graceDeadline} />
            ) : license.expiresAt ? (
              new Date(license.expiresAt).toISOString().slice(0, 10)
            ) : (
              'never (free tier)'
            )}
          </Text>
        </Card>
      </SimpleGrid>
      <Text data-testid="license-message">{license.message}</Text>
      <Title order={4}>Nodes against entitlement</Title>
      <EntitlementChart points={data.usage} />
      <Title order={4}>Nodes per cluster</Title>
      <Table aria-label="Nodes per cluster" withTableBorder style={{ maxWidth: 480 }}>
        <Table.Tbody>
          {data.clusters.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.nodes}</Table.Td>
              <Table.Td>{c.reachable ? '' : <StatusBadge status="Unreachable" />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {viewer.can.administer ? (
        <Card withBorder>
          <Stack>
            <Title order={4}>Install a license</Title>
            <Text size="sm" c="dimmed">
              Choose the license file from your vendor, or paste its text. It is verified before it replaces the current license.
            </Text>
            <Group>
              <FileButton
                accept=".license,.txt,.jws,text/plain"
                onChange={(file) => {
                  if (file) void file.text().then((content) => install(content));
                }}
              >
                {(props) => (
                  <Button {...props} loading={busy}>
                    Upload license file
                  </Button>
                )}
              </FileButton>
            </Group>
            <Textarea
              label="License text"
              autosize
              minRows={3}
              maxRows={8}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Group>
              <Button variant="light" disabled={text.trim() === ''} loading={busy} onClick={() => void install(text)}>
                Install pasted license
              </Button>
            </Group>
            {uploadError ? (
              <Alert color="red" role="alert" title="License not installed">
                {uploadError}
              </Alert>
            ) : null}
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
