'use client';

import { useState } from 'react';
import { Button, Checkbox, FileButton, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { clusterHref } from '../../lib/links';
import { apiSend } from '../api';
import { ErrorAlert } from '../error-alert';
import { useViewer } from '../viewer-context';

/**
 * Imports a cluster from a kubeconfig. The kubeconfig goes to the server once, is stored
 * encrypted, and is never shown again.
 */
export function ImportClusterForm() {
  const viewer = useViewer();
  const [name, setName] = useState('');
  const [kubeconfig, setKubeconfig] = useState('');
  const [acceptInsecureTls, setAcceptInsecureTls] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const cluster = await apiSend<{ id: string }>('POST', '/api/clusters', viewer.csrf, { name, kubeconfig, acceptInsecureTls });
      window.location.assign(clusterHref(cluster.id));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack maw={720}>
        <Title order={2}>Import a cluster</Title>
        <Text size="sm" c="dimmed">
          The kubeconfig must carry its credentials inline (client certificate and key data, or a bearer credential); kubeconfigs that run commands or read
          files on the console&apos;s server are refused.
        </Text>
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Group>
          <FileButton onChange={(file) => file && void file.text().then(setKubeconfig)}>
            {(props) => (
              <Button variant="default" {...props}>
                Choose kubeconfig file
              </Button>
            )}
          </FileButton>
        </Group>
        <Textarea
          label="Kubeconfig"
          required
          autosize
          minRows={8}
          maxRows={20}
          value={kubeconfig}
          onChange={(e) => setKubeconfig(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        />
        <Checkbox
          label="Accept insecure-skip-tls-verify: the console will not verify the API server's certificate (recorded in the audit log)"
          checked={acceptInsecureTls}
          onChange={(e) => setAcceptInsecureTls(e.currentTarget.checked)}
        />
        {error ? <ErrorAlert title="Not imported" message={error} /> : null}
        <Group>
          <Button type="submit" loading={busy}>
            Import
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
