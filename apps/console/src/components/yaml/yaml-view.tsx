'use client';

import { useEffect, useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmButton, errorFromResponse, YamlEditor } from '@strata/ui';
import { clusterHref } from '../../lib/links';
import { apiSend, statusOf } from '../api';
import { ErrorAlert } from '../error-alert';
import { useViewer } from '../viewer-context';

/**
 * Views and edits one object as YAML. Saving sends the YAML with the resourceVersion it
 * was loaded with; if the object changed in between, the server answers 409 and the page
 * says so and offers to reload (the edits stay in the box until then).
 */
export function YamlView({ clusterId, resource, namespace, name }: { clusterId: string; resource: string; namespace: string | undefined; name: string }) {
  const viewer = useViewer();
  const url = `/api/clusters/${encodeURIComponent(clusterId)}/object`;
  const query = new URLSearchParams({ resource, name, ...(namespace ? { namespace } : {}) }).toString();
  const [original, setOriginal] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [loadError, setLoadError] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const res = await fetch(`${url}?${query}`, { cache: 'no-store' });
        if (!res.ok) throw await errorFromResponse(res);
        const body = (await res.json()) as { yaml: string };
        if (cancelled) return;
        setOriginal(body.yaml);
        setText(body.yaml);
        setLoadError(undefined);
        setConflict(false);
        setSaveError(undefined);
      } catch (err) {
        if (!cancelled) setLoadError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url, query, generation]);

  const save = async () => {
    setBusy(true);
    setSaveError(undefined);
    setConflict(false);
    try {
      const body = await apiSend<{ yaml: string }>('PUT', url, viewer.csrf, { resource, name, ...(namespace ? { namespace } : {}), yaml: text });
      setOriginal(body.yaml);
      setText(body.yaml);
      notifications.show({ message: `Saved ${name}`, color: 'green' });
    } catch (err) {
      if (statusOf(err) === 409) setConflict(true);
      else setSaveError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const what = `${resource} ${namespace ? `${namespace}/` : ''}${name}`;
  if (loadError) {
    return (
      <Alert color="red" role="alert" title={`Could not load ${what}`}>
        {loadError}
      </Alert>
    );
  }
  if (original === undefined) return <Loader />;
  const dirty = text !== original;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{what}</Title>
        <Group>
          {viewer.can.operate ? (
            <>
              <Button variant="default" disabled={!dirty || busy} onClick={() => setText(original)}>
                Discard changes
              </Button>
              <Button onClick={() => void save()} loading={busy} disabled={!dirty}>
                Save
              </Button>
              <ConfirmButton
                label="Delete"
                title={`Delete ${what}?`}
                message="This cannot be undone."
                onConfirm={async () => {
                  await apiSend('DELETE', `${url}?${query}`, viewer.csrf);
                  notifications.show({ message: `Deleted ${name}`, color: 'green' });
                  window.location.assign(clusterHref(clusterId));
                }}
              />
            </>
          ) : (
            <Text size="sm" c="dimmed">
              Read only: your role may not edit.
            </Text>
          )}
        </Group>
      </Group>
      {conflict ? (
        <Alert color="orange" role="alert" title="Changed since you loaded it">
          <Stack gap="xs">
            <Text size="sm">
              Someone (or a controller) changed {what} after you loaded it, so your version was not saved. Reload to get the current version, then apply your
              edits again.
            </Text>
            <Group>
              <Button size="xs" color="orange" onClick={() => setGeneration((g) => g + 1)}>
                Reload
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {saveError ? <ErrorAlert title="Not saved" message={saveError} /> : null}
      <YamlEditor value={text} onChange={setText} readOnly={!viewer.can.operate} label={`YAML of ${what}`} />
    </Stack>
  );
}
