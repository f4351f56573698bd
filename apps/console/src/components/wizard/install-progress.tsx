'use client';

import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Code, Drawer, Group, Loader, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ConfirmButton, StatusBadge } from '@strata/ui';
import type { InstallPhaseView } from '@strata/install-contract';
import { clusterHref } from '../../lib/links';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';
import { useInstallProgress, type InstallView } from './use-install-progress';
import { ProblemLines } from './problem-lines';

/** `1 h 02 min`, `3 min 05 s`, `12 s`, `0.4 s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/** The current time, once a second, for live timers. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function phaseTime(phase: InstallPhaseView, now: number): string {
  if (phase.durationMs !== undefined) return formatDuration(phase.durationMs);
  if (phase.startedAt && phase.endedAt) return formatDuration(Date.parse(phase.endedAt) - Date.parse(phase.startedAt));
  if (phase.startedAt && phase.state === 'running') return formatDuration(now - Date.parse(phase.startedAt));
  return '';
}

function Actions({ install, follow }: { install: InstallView; follow(): void }) {
  const viewer = useViewer();
  const [error, setError] = useState<string | undefined>();
  const [confirm, setConfirm] = useState('');
  const base = `/api/installer/installs/${encodeURIComponent(install.id)}`;
  const act = async (action: 'cancel' | 'resume' | 'destroy', body?: unknown) => {
    setError(undefined);
    try {
      await apiSend('POST', `${base}/${action}`, viewer.csrf, body);
      // A stream that ended with the last final state is opened again; its next events follow.
      follow();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const running = ['pending', 'running'].includes(install.state);
  return (
    <Stack gap="xs">
      <Group>
        {viewer.can.operate && install.state === 'interrupted' ? <Button onClick={() => void act('resume')}>Resume</Button> : null}
        {viewer.can.operate && install.state === 'failed' ? (
          <Button variant="light" onClick={() => void act('resume')}>
            Retry
          </Button>
        ) : null}
        {viewer.can.operate && running ? (
          <ConfirmButton
            label="Cancel"
            title={`Cancel the install of ${install.cluster}?`}
            message="The install stops at its next safe point; what it created stays until the cluster is destroyed."
            onConfirm={() => act('cancel')}
          />
        ) : null}
        <Button component="a" variant="default" href={`${base}/document`}>
          Download the document
        </Button>
        <Button component="a" variant="default" href={`${base}/logs`}>
          Download the log
        </Button>
        <Button component="a" variant="default" href={`${base}/assets`}>
          Download the assets
        </Button>
        {viewer.can.administer && install.state === 'succeeded' ? (
          <Button component="a" variant="default" href={`${base}/kubeconfig`}>
            Download the admin kubeconfig
          </Button>
        ) : null}
      </Group>
      {viewer.can.administer && !running && !['destroying', 'destroyed'].includes(install.state) ? (
        <Group align="flex-end">
          <TextInput label={`Type ${install.cluster} to destroy the cluster`} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} />
          <Button color="red" disabled={confirm !== install.cluster} onClick={() => void act('destroy', { confirm })}>
            Destroy
          </Button>
        </Group>
      ) : null}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

/**
 * The progress of one install (/installs/:id): the state, a row per phase with a live timer
 * and its final duration, what a phase waits for, the infrastructure steps, the machines, and
 * the log in a drawer. Live from the event stream; Resume after an interruption; on success a
 * link to the cluster in the console and, for admins, its kubeconfig.
 */
export function InstallProgress({ id }: { id: string }) {
  const [install, logs, loaded, error, follow] = useInstallProgress(id);
  const [logOpen, setLogOpen] = useState(false);
  const now = useNow();
  if (error && !install)
    return (
      <Alert color="red" role="alert" title="Install not available">
        {error.message}
      </Alert>
    );
  if (!loaded || !install) return <Loader />;
  // An interrupted install keeps its phase `running` with what it last waited for: it waits for nothing until resumed.
  const waiting = install.state === 'running' ? install.phases.find((p) => p.state === 'running' && p.waitingFor) : undefined;
  return (
    <Stack data-testid="install" data-state={install.state} data-last-seq={install.lastSeq}>
      <Group justify="space-between">
        <Title order={2}>Installing {install.cluster}</Title>
        <Group>
          <Badge variant="outline">{install.platform}</Badge>
          <span data-testid="install-state">
            <StatusBadge status={install.state} />
          </span>
          <Button variant="default" size="xs" onClick={() => setLogOpen(true)}>
            Log ({logs.length})
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Started {new Date(install.createdAt).toLocaleString()} by {install.createdBy}
      </Text>
      {waiting ? (
        <Alert color="blue" role="status" data-testid="waiting-for">
          Waiting for {waiting.waitingFor}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="yellow" role="status" data-testid="stream-lost" title="Lost the installer service">
          {error.message}
          <Text size="sm">Asking again; the page goes on from where it was once the service answers.</Text>
        </Alert>
      ) : null}
      {install.error ? (
        <Alert color="red" role="alert" title="The install stopped">
          {install.error.message}
          <ProblemLines problems={install.error.problems} />
        </Alert>
      ) : null}
      {install.state === 'interrupted' ? (
        <Alert color="orange" role="status">
          The installer stopped while this install ran. Resume finishes it from its journal.
        </Alert>
      ) : null}
      {install.state === 'succeeded' && install.until !== 'ready' ? (
        <Alert color="green" role="status" data-testid="install-done">
          The install of {install.cluster} stopped where it was asked to, after {install.until === 'assets' ? 'the assets' : 'the infrastructure'}. Destroy
          removes what it made.
        </Alert>
      ) : null}
      {install.state === 'succeeded' && install.until === 'ready' ? (
        <Alert color="green" role="status" data-testid="install-done">
          {install.cluster} is installed{install.result ? <> (API {install.result.apiUrl})</> : null}.{' '}
          {install.consoleClusterId ? (
            <Anchor href={clusterHref(install.consoleClusterId)}>Open {install.cluster} in the console</Anchor>
          ) : (
            'The console is picking it up…'
          )}
        </Alert>
      ) : null}
      <Actions install={install} follow={follow} />

      <Title order={4}>Phases</Title>
      <Table aria-label="Phases">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Phase</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {install.phases.map((p) => (
            <Table.Tr key={p.id} data-phase={p.id} data-state={p.state}>
              <Table.Td>{p.title}</Table.Td>
              <Table.Td>
                <StatusBadge status={p.state} />
              </Table.Td>
              <Table.Td data-testid="phase-time">{phaseTime(p, now)}</Table.Td>
              <Table.Td>
                <Text size="sm">{p.message ?? (p.state === 'running' && p.waitingFor ? `waiting for ${p.waitingFor}` : (p.summary ?? ''))}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {install.steps.length > 0 ? (
        <>
          <Title order={4}>Infrastructure</Title>
          <Table aria-label="Infrastructure steps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {install.steps.map((s) => (
                <Table.Tr key={s.id} data-step={s.id} data-state={s.state}>
                  <Table.Td>{s.description}</Table.Td>
                  <Table.Td>
                    <Code>{s.kind}</Code>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={s.state} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}

      <Title order={4}>Machines</Title>
      {install.machines.length === 0 ? (
        <Text c="dimmed">No machines yet.</Text>
      ) : (
        <Table aria-label="Machines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Machine</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Pool</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Addresses</Table.Th>
              <Table.Th>In state for</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {install.machines.map((m) => (
              <Table.Tr key={m.name} data-machine={m.name} data-state={m.state}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td>{m.role}</Table.Td>
                <Table.Td>{m.pool}</Table.Td>
                <Table.Td>
                  <StatusBadge status={m.state} />
                </Table.Td>
                <Table.Td>{m.addresses.join(', ')}</Table.Td>
                <Table.Td>{formatDuration(now - Date.parse(m.since))}</Table.Td>
                <Table.Td>{m.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Drawer opened={logOpen} onClose={() => setLogOpen(false)} title="Install log" position="right" size="xl">
        <ScrollArea h="80vh">
          <Stack gap={0} data-testid="install-log">
            {logs.map((l) => (
              <Text key={l.seq} size="xs" ff="monospace" c={l.level === 'error' ? 'red' : l.level === 'warn' ? 'orange' : undefined}>
                {new Date(l.at).toLocaleTimeString()} {l.message}
              </Text>
            ))}
          </Stack>
        </ScrollArea>
      </Drawer>
    </Stack>
  );
}
