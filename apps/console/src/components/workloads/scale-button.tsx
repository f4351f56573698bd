'use client';

import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WorkloadRow } from '../../lib/rows';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

/** Sets a Deployment's or StatefulSet's replicas. */
export function ScaleButton({ clusterId, resource, workload }: { clusterId: string; resource: string; workload: WorkloadRow }) {
  const viewer = useViewer();
  const [open, setOpen] = useState(false);
  const [replicas, setReplicas] = useState<number>(workload.desired);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const apply = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await apiSend('POST', `/api/clusters/${encodeURIComponent(clusterId)}/scale`, viewer.csrf, {
        resource,
        namespace: workload.namespace,
        name: workload.name,
        replicas,
      });
      notifications.show({ message: `Scaling ${workload.name} to ${replicas}`, color: 'green' });
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        aria-label={`Scale ${workload.name}`}
        onClick={() => {
          setReplicas(workload.desired);
          setError(undefined);
          setOpen(true);
        }}
      >
        Scale
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={`Scale ${workload.kind} ${workload.namespace}/${workload.name}`} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <Stack>
            <NumberInput
              label="Replicas"
              min={0}
              max={10_000}
              value={replicas}
              onChange={(v) => setReplicas(typeof v === 'number' ? v : Number(v) || 0)}
              data-autofocus
            />
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Scale
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
