'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Grid, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { useJson } from '@strata/ui';
import type { ClusterProblem } from '@strata/cluster-config';
import type { CredentialSummary, InstallSnapshot, Provider, Validation } from '@strata/install-contract';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';
import { BasicsStep } from './basics-step';
import { ProblemLines } from './problem-lines';
import { ControlPlaneStep } from './control-plane-step';
import { CredentialsStep } from './credentials-step';
import { documentNodes, licenseRefusal } from './license-rule';
import { LicenseStep } from './license-step';
import { NetworkingStep } from './networking-step';
import { newDocumentText } from './new-document';
import { PlacementStep } from './placement-step';
import { ProviderStep } from './provider-step';
import { ReviewStep } from './review-step';
import { SshStep } from './ssh-step';
import type { StepProps } from './step-props';
import { platformKey, useClusterDocument } from './use-cluster-document';
import { WorkersStep } from './workers-step';
import { isStepId, problemsOfStep, stepsFor, type WizardStepId } from './wizard-steps';

/** A saved draft as the console's API answers it. */
interface DraftAnswer {
  id: string;
  name: string;
  step: string;
  document: string;
  credentialId?: string;
  updatedAt: string;
}

/** How long the wizard waits after the last change before it saves the draft. */
const SAVE_DELAY_MS = 600;

/**
 * The installer wizard at /clusters/new: loads the draft named by `?draft=` (or starts a new
 * document), then hands over to the steps.
 */
export function InstallerWizard({ draftId }: { draftId?: string | undefined }) {
  const [draft, , draftError] = useJson<DraftAnswer>(draftId ? `/api/installer/drafts/${encodeURIComponent(draftId)}` : null);
  if (draftId && draftError)
    return (
      <Alert color="red" role="alert" title="Draft not found">
        {draftError.message} <Anchor href="/clusters/new">Start a new cluster</Anchor>
      </Alert>
    );
  if (draftId && !draft) return <Loader />;
  return <WizardSteps key={draft?.id ?? 'new'} draft={draft} />;
}

function DraftList() {
  const viewer = useViewer();
  const [drafts, , , reload] = useJson<{ items: DraftAnswer[] }>('/api/installer/drafts');
  const items = drafts?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap={4} data-testid="drafts">
      <Text size="sm" fw={500}>
        Your drafts
      </Text>
      {items.map((d) => (
        <Group key={d.id} gap="xs">
          <Anchor size="sm" href={`/clusters/new?draft=${encodeURIComponent(d.id)}`}>
            {d.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {d.step}, {new Date(d.updatedAt).toLocaleString()}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            aria-label={`Delete draft ${d.name}`}
            onClick={() => void apiSend('DELETE', `/api/installer/drafts/${encodeURIComponent(d.id)}`, viewer.csrf).then(reload, reload)}
          >
            Delete
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

/** Saves the draft a moment after each change: creates it on the first, then updates it. */
function useDraftSaver(initialId: string | undefined, enabled: boolean) {
  const viewer = useViewer();
  const id = useRef(initialId);
  const pending = useRef<{ name: string; step: string; document: string; credentialId: string | null } | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [status, setStatus] = useState<'saved' | 'saving' | 'unsaved' | 'failed'>(initialId ? 'saved' : 'unsaved');
  // One save at a time: a change made while the draft is being created must update it, not create another.
  const inflight = useRef<Promise<void> | undefined>(undefined);
  const flush = useCallback(async (): Promise<void> => {
    if (inflight.current) await inflight.current;
    const body = pending.current;
    if (!body) return;
    pending.current = undefined;
    setStatus('saving');
    let done: () => void = () => undefined;
    inflight.current = new Promise<void>((resolve) => (done = resolve));
    try {
      if (id.current) await apiSend('PUT', `/api/installer/drafts/${encodeURIComponent(id.current)}`, viewer.csrf, body);
      else {
        const created = await apiSend<DraftAnswer>('POST', '/api/installer/drafts', viewer.csrf, body);
        id.current = created.id;
        // A reload (or this address in another browser) resumes the draft.
        window.history.replaceState(null, '', `/clusters/new?draft=${encodeURIComponent(created.id)}`);
      }
      setStatus(pending.current ? 'unsaved' : 'saved');
    } catch {
      setStatus('failed');
    } finally {
      inflight.current = undefined;
      done();
    }
  }, [viewer.csrf]);
  const save = useCallback(
    (body: { name: string; step: string; document: string; credentialId: string | null }) => {
      if (!enabled) return;
      pending.current = body;
      setStatus('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [enabled, flush],
  );
  useEffect(() => () => timer.current && clearTimeout(timer.current), []);
  return { save, status, id };
}

function WizardSteps({ draft }: { draft: DraftAnswer | undefined }) {
  const viewer = useViewer();
  const readOnly = !viewer.can.operate;
  const [providersAnswer, , providersError] = useJson<{ items: Provider[] }>('/api/installer/providers');
  const [credentialsAnswer, , , reloadCredentials] = useJson<{ items: CredentialSummary[] }>('/api/installer/credentials');
  const [step, setStep] = useState<WizardStepId>(draft && isStepId(draft.step) ? draft.step : 'provider');
  const [credentialId, setCredentialId] = useState<string | undefined>(draft?.credentialId);
  const [license, setLicense] = useState('');
  const [server, setServer] = useState<{ text: string; validation: Validation } | undefined>();
  const [checking, setChecking] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const saver = useDraftSaver(draft?.id, !readOnly);
  const doc = useClusterDocument(draft?.document ?? newDocumentText());

  const platform = platformKey(doc.value);
  const providers = providersAnswer?.items ?? [];
  const provider = providers.find((p) => p.platform === platform);
  const steps = stepsFor(platform);
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === step),
  );

  // Save the draft after every change of the document, the step or the credential.
  const name =
    typeof (doc.value?.['metadata'] as { name?: unknown } | undefined)?.name === 'string' ? (doc.value?.['metadata'] as { name: string }).name : 'new cluster';
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Only changes are saved, not the first render.
    saver.save({ name: name || 'new cluster', step, document: doc.text, credentialId: credentialId ?? null });
  }, [doc.text, step, credentialId]);

  // The service's problems count for the text it checked; the browser's always.
  const serverProblems: ClusterProblem[] = server && server.text === doc.text ? server.validation.problems : [];
  const problems = [...doc.problems, ...serverProblems.filter((s) => !doc.problems.some((p) => p.path === s.path && p.message === s.message))];

  const props: StepProps = {
    doc,
    problems,
    readOnly,
    providers,
    platform,
    provider,
    credentialId,
    setCredentialId,
    credentials: credentialsAnswer?.items ?? [],
    reloadCredentials,
    license,
    setLicense,
  };

  /**
   * Leaves the current step for `target`. Going forward asks the service about the document
   * (preflight included) so its problems land on their fields. Next (`strict`) also stays on
   * this step while it has problems, needs a credential or a license; a jump through the step
   * list goes anyway (Install refuses what is left).
   */
  const go = async (target: WizardStepId, strict: boolean) => {
    setNotice(undefined);
    const forward = steps.findIndex((s) => s.id === target) > index;
    if (!forward) {
      setStep(target);
      return;
    }
    const local = problemsOfStep(step, doc.problems);
    const refusal = step === 'license' ? licenseRefusal(documentNodes(doc.cluster, doc.value), license) : undefined;
    const blocker =
      local.length > 0
        ? `Fix ${local.length === 1 ? 'the problem' : `the ${local.length} problems`} on this step first.`
        : (refusal ?? (step === 'credentials' && !credentialId ? 'Pick a stored credential or add one.' : undefined));
    if (blocker && strict) {
      setNotice(blocker);
      return;
    }
    setChecking(true);
    try {
      const validation = await apiSend<Validation>('POST', '/api/installer/validate', viewer.csrf, {
        document: doc.text,
        online: true,
        ...(credentialId ? { credentialId } : {}),
      });
      setServer({ text: doc.text, validation });
      const mine = problemsOfStep(step, validation.problems);
      if (mine.length > 0 && strict) {
        setNotice('The installer found problems on this step.');
        return;
      }
    } catch (err) {
      // The service's check is advice here; Review and Install run it again.
      setNotice(`The installer could not check the document: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setChecking(false);
    }
    setStep(target);
  };

  const installed = (snapshot: InstallSnapshot) => {
    const id = saver.id.current;
    const after = () => window.location.assign(`/installs/${encodeURIComponent(snapshot.id)}`);
    if (id) void apiSend('DELETE', `/api/installer/drafts/${encodeURIComponent(id)}`, viewer.csrf).then(after, after);
    else after();
  };

  const next = steps[index + 1];
  const previous = steps[index - 1];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Create a cluster</Title>
        <Text size="sm" c="dimmed" data-testid="draft-status" data-status={readOnly ? 'read-only' : saver.status}>
          {readOnly ? 'Read only' : { saved: 'Draft saved', saving: 'Saving…', unsaved: 'Not saved yet', failed: 'Saving the draft failed' }[saver.status]}
        </Text>
      </Group>
      {providersError ? (
        <Alert color="red" role="alert" title="The installer service is not available">
          {providersError.message}
        </Alert>
      ) : null}
      {doc.value === undefined ? (
        <Alert color="red" role="alert" title="The YAML does not parse">
          Fix it on the Review step: {doc.problems[0]?.path}: {doc.problems[0]?.message}
        </Alert>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap={2} component="nav" aria-label="Wizard steps">
            {steps.map((s, i) => {
              const count = problemsOfStep(s.id, problems).length;
              return (
                <NavLink
                  key={s.id}
                  label={`${i + 1}. ${s.title}`}
                  active={s.id === step}
                  data-step={s.id}
                  description={count > 0 && s.id !== 'review' ? `${count} ${count === 1 ? 'problem' : 'problems'}` : undefined}
                  color={count > 0 && s.id !== 'review' ? 'red' : undefined}
                  onClick={() => void go(s.id, false)}
                />
              );
            })}
          </Stack>
          {step === 'provider' && !draft ? <DraftList /> : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            {step === 'provider' ? <ProviderStep {...props} /> : null}
            {step === 'credentials' ? <CredentialsStep {...props} /> : null}
            {step === 'basics' ? <BasicsStep {...props} /> : null}
            {step === 'placement' ? <PlacementStep {...props} /> : null}
            {step === 'control-plane' ? <ControlPlaneStep {...props} /> : null}
            {step === 'workers' ? <WorkersStep {...props} /> : null}
            {step === 'networking' ? <NetworkingStep {...props} /> : null}
            {step === 'ssh' ? <SshStep {...props} /> : null}
            {step === 'license' ? <LicenseStep {...props} /> : null}
            {step === 'review' ? <ReviewStep {...props} onInstalled={installed} /> : null}
            {notice ? (
              <Alert color="orange" role="alert" data-testid="step-notice">
                {notice}
                <ProblemLines problems={problemsOfStep(step, problems)} />
              </Alert>
            ) : null}
            <Group>
              {previous ? (
                <Button variant="default" onClick={() => void go(previous.id, false)}>
                  Back
                </Button>
              ) : null}
              {next ? (
                <Button loading={checking} onClick={() => void go(next.id, true)}>
                  Next: {next.title}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
