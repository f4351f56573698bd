'use client';

import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';

/** The answer of a drain. */
interface DrainAnswer {
  evicted: string[];
  blocked: { pod: string; reason: string }[];
  done: boolean;
}

/**
 * Drains a node after confirmation: cordon, then evict its pods through the Eviction API.
 * Pods a PodDisruptionBudget protects are listed with the budget's refusal.
 */
export function DrainButton({ clusterId, node }: { clusterId: string; node: string }) {
  const viewer = useViewer();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [timeout, setTimeoutSeconds] = useState<number>(60);
  const [force, setForce] = useState(false);
  const [result, setResult] = useState<DrainAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await apiSend<DrainAnswer>('POST', `/api/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(node)}/drain`, viewer.csrf, {
          timeoutSeconds: timeout,
          force,
        }),
      );
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
        color="orange"
        variant="light"
        aria-label={`Drain ${node}`}
        onClick={() => {
          setResult(undefined);
          setError(undefined);
          setOpen(true);
        }}
      >
        Drain
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={`Drain ${node}`} size="lg" centered>
        <Stack>
          <Text size="sm">
            The node is cordoned, then its pods are evicted through the Eviction API, which honours PodDisruptionBudgets. DaemonSet and static pods stay.
          </Text>
          <Group>
            <NumberInput
              label="Give up after (seconds)"
              min={1}
              max={300}
              value={timeout}
              onChange={(v) => setTimeoutSeconds(typeof v === 'number' ? v : 60)}
              w={200}
            />
            <Checkbox
              label="Also evict pods no controller manages (they will not come back)"
              checked={force}
              onChange={(e) => setForce(e.currentTarget.checked)}
              mt="lg"
            />
          </Group>
          {error ? (
            <Alert color="red" role="alert" title="Drain failed">
              {error}
            </Alert>
          ) : null}
          {result ? (
            <Alert color={result.done ? 'green' : 'yellow'} title={result.done ? `Drained ${node}` : `${node} is not fully drained`} data-testid="drain-result">
              <Stack gap="xs">
                <Text size="sm">
                  {result.evicted.length} pod{result.evicted.length === 1 ? '' : 's'} evicted.
                </Text>
                {result.blocked.length > 0 ? (
                  <>
                    <Text size="sm" fw={600}>
                      Refused:
                    </Text>
                    <List size="sm" aria-label="Refused evictions">
                      {result.blocked.map((b) => (
                        <List.Item key={b.pod}>
                          {b.pod}: {b.reason}
                        </List.Item>
                      ))}
                    </List>
                  </>
                ) : null}
              </Stack>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              {result ? 'Close' : 'Cancel'}
            </Button>
            <Button color="orange" loading={busy} onClick={() => void run()}>
              {result && !result.done ? 'Try again' : 'Drain'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
