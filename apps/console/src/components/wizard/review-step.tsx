'use client';

import { useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { errorFromResponse, YamlEditor } from '@strata/ui';
import { IDEMPOTENCY_HEADER, INSTALL_UNTIL, type InstallSnapshot, type Plan } from '@strata/install-contract';
import { apiSend } from '../api';
import { ErrorAlert } from '../error-alert';
import { useViewer } from '../viewer-context';
import { documentNodes, licenseRefusal } from './license-rule';
import { ProblemLines } from './problem-lines';
import type { StepProps } from './step-props';

/** A random Idempotency-Key; `getRandomValues` works on plain-HTTP consoles too, unlike `randomUUID`. */
function newSubmitKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `wiz-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
}

type Until = (typeof INSTALL_UNTIL)[number];

/** Where an install may stop, as `strata install --until` offers it. */
const UNTIL_CHOICES: { value: Until; label: string; description: string }[] = [
  { value: 'ready', label: 'A ready cluster', description: 'Every phase, until the API answers and the nodes are Ready.' },
  { value: 'infrastructure', label: 'Infrastructure', description: 'Assets and cloud resources; Kubernetes is not waited for.' },
  { value: 'assets', label: 'Assets only', description: 'Certificates, kubeconfigs and Ignition configs; nothing is created in the cloud.' },
];

/** Offers the document text as a file download. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * The last step: the exact YAML the CLI would take (editable, downloadable), every remaining
 * problem, the plan of the install with its resources and monthly cost, and Install, which
 * binds the install to that plan and runs it as far as chosen (a ready cluster by default).
 * Install sends an Idempotency-Key made once per submit, so a retried or doubled submit starts
 * one install.
 */
export function ReviewStep(props: StepProps & { onInstalled(snapshot: InstallSnapshot): void }) {
  const { doc, problems, readOnly, credentialId, license, onInstalled } = props;
  const viewer = useViewer();
  const [plan, setPlan] = useState<{ plan: Plan; text: string } | undefined>();
  const [planning, setPlanning] = useState(false);
  const [installing, setInstalling] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [until, setUntil] = useState<Until>('ready');
  const submitKey = useRef<{ key: string; text: string } | undefined>(undefined);
  const name =
    typeof (doc.value?.['metadata'] as { name?: unknown } | undefined)?.name === 'string'
      ? String((doc.value?.['metadata'] as { name: string }).name)
      : 'cluster';
  const refusal = licenseRefusal(documentNodes(doc.cluster, doc.value), license);
  const current = plan && plan.text === doc.text ? plan.plan : undefined;

  const makePlan = async () => {
    setPlanning(true);
    setError(undefined);
    try {
      const made = await apiSend<Plan>('POST', '/api/installer/plans', viewer.csrf, { document: doc.text, ...(credentialId ? { credentialId } : {}) });
      setPlan({ plan: made, text: doc.text });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPlanning(false);
    }
  };

  const install = async () => {
    if (!current) return;
    // One key per submit of this document: a retry after a lost answer reuses it.
    const submitted = `${until}\n${doc.text}`;
    if (!submitKey.current || submitKey.current.text !== submitted) submitKey.current = { key: newSubmitKey(), text: submitted };
    setInstalling(true);
    setError(undefined);
    try {
      const res = await fetch('/api/installer/installs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': viewer.csrf, [IDEMPOTENCY_HEADER]: submitKey.current.key },
        body: JSON.stringify({
          document: doc.text,
          planId: current.id,
          ...(until !== 'ready' ? { until } : {}),
          ...(credentialId ? { credentialId } : {}),
          ...(license.trim() ? { license: license.trim() } : {}),
        }),
        cache: 'no-store',
      });
      if (!res.ok) throw await errorFromResponse(res);
      onInstalled((await res.json()) as InstallSnapshot);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setInstalling(false);
    }
  };

  return (
    <Stack>
      <Title order={3}>Review</Title>
      <Group>
        <Button variant="default" onClick={() => download(doc.text, `${name}.yaml`)}>
          Download YAML
        </Button>
        <Text size="sm" c="dimmed">
          The exact document <code>strata install -f {name}.yaml</code> would take.
        </Text>
      </Group>
      <YamlEditor label="Cluster document" value={doc.text} readOnly={readOnly} onChange={doc.setText} minRows={16} />
      {problems.length > 0 ? (
        <Alert color="red" title={`${problems.length === 1 ? '1 problem' : `${problems.length} problems`} left`} role="alert" data-testid="review-problems">
          <ProblemLines problems={problems} />
        </Alert>
      ) : null}
      {refusal ? (
        <Alert color="red" role="alert" data-testid="install-refusal">
          {refusal}
        </Alert>
      ) : null}
      {readOnly ? (
        <Alert color="gray" role="status" data-testid="read-only">
          Your role ({viewer.role}) can look at the wizard but not install; an operator or admin installs.
        </Alert>
      ) : (
        <Radio.Group label="Install until" value={until} onChange={(value) => setUntil(value as Until)} name="until">
          <Group mt="xs">
            {UNTIL_CHOICES.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} description={c.description} />
            ))}
          </Group>
        </Radio.Group>
      )}
      {readOnly ? null : (
        <Group>
          <Button variant="light" loading={planning} disabled={problems.length > 0} onClick={() => void makePlan()}>
            {plan ? 'Make the plan again' : 'Make the plan'}
          </Button>
          <Button loading={installing} disabled={!current || problems.length > 0 || refusal !== undefined} onClick={() => void install()}>
            Install
          </Button>
          {plan && !current ? (
            <Text size="sm" c="orange">
              The document changed since the plan; make it again.
            </Text>
          ) : null}
        </Group>
      )}
      {error ? <ErrorAlert title="Refused" message={error} testId="review-error" /> : null}
      {current ? <PlanView plan={current} /> : null}
    </Stack>
  );
}

/** The plan's resources with kind, dependencies and monthly cost, the total and what has no price. */
function PlanView({ plan }: { plan: Plan }) {
  const currency = plan.cost?.currency ?? 'USD';
  return (
    <Stack gap="xs">
      <Title order={4}>Plan</Title>
      <Table aria-label="Plan" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Resource</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Depends on</Table.Th>
            <Table.Th>Per month</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.resources.map((r) => (
            <Table.Tr key={r.id} data-resource={r.id}>
              <Table.Td>
                <Text size="sm">{r.description}</Text>
                <Text size="xs" c="dimmed">
                  {r.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="outline">{r.kind}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{r.dependsOn.join(', ') || '-'}</Text>
              </Table.Td>
              <Table.Td>{r.monthlyCost === null ? <Text size="xs">{r.unpricedReason ?? 'not priced'}</Text> : money(r.monthlyCost, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.cost ? (
        <Text data-testid="plan-total">
          Total: {money(plan.cost.monthlyTotal, plan.cost.currency)} per month (prices as of {plan.cost.asOf})
          {plan.cost.unpriced.length > 0 ? `; not priced: ${plan.cost.unpriced.join(', ')}` : ''}
        </Text>
      ) : (
        <Text data-testid="plan-total" c="dimmed">
          This platform has no prices: it costs nothing to run here.
        </Text>
      )}
    </Stack>
  );
}
