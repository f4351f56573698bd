'use client';

import { useState } from 'react';
import { Badge, Button, Card, Group, PasswordInput, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { CredentialSummary } from '@strata/install-contract';
import { apiSend } from '../api';
import { ErrorAlert } from '../error-alert';
import { useViewer } from '../viewer-context';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';

/**
 * Clouds only: pick a stored credential or add one. The values typed here go to the console's
 * server once, which hands them to the installer service (verified with the provider, stored
 * encrypted); the page forgets them as soon as they are sent and shows only the identity the
 * provider reported. The document's platform section (region, endpoints of a private cloud or a
 * test server) goes with them: the credential is verified there, and again there later.
 */
export function CredentialsStep({ doc, readOnly, platform, provider, credentialId, setCredentialId, credentials, reloadCredentials }: StepProps) {
  const viewer = useViewer();
  const mine = credentials.filter((c) => c.platform === platform);
  const kinds = provider?.credentialKinds ?? [];
  const [kind, setKind] = useState<string | null>(kinds[0]?.kind ?? null);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const fields = kinds.find((k) => k.kind === kind)?.fields ?? [];

  const add = async () => {
    if (!platform || !kind) return;
    setBusy(true);
    setError(undefined);
    try {
      const section = valueAt(doc.value, ['spec', 'platform', platform]);
      const platformSettings = section !== null && typeof section === 'object' && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
      const created = await apiSend<CredentialSummary>('POST', '/api/installer/credentials', viewer.csrf, { platform, kind, name, values, platformSettings });
      setValues({});
      setName('');
      setCredentialId(created.id);
      reloadCredentials();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  /** Verifies a stored credential again, or deletes it (refused while an unfinished install uses it). */
  const act = async (method: 'POST' | 'DELETE', path: string) => {
    setError(undefined);
    try {
      await apiSend(method, `/api/installer/credentials/${path}`, viewer.csrf);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      reloadCredentials();
    }
  };

  return (
    <Stack>
      <Title order={3}>Credentials</Title>
      {mine.length === 0 ? (
        <Text c="dimmed">No {provider?.title ?? platform} credential is stored yet.</Text>
      ) : (
        <Radio.Group label="Stored credentials" value={credentialId ?? null} onChange={(id) => setCredentialId(id)} name="credential">
          <Stack gap="xs" mt="xs">
            {mine.map((c) => (
              <Group key={c.id} justify="space-between" align="flex-start" data-credential={c.name}>
                <Radio
                  value={c.id}
                  disabled={readOnly}
                  label={
                    <Group gap="xs">
                      <Text size="sm">{c.name}</Text>
                      <Badge variant="light">{c.kind}</Badge>
                    </Group>
                  }
                  description={`${c.identity.display} · account ${c.identity.account} · fingerprint ${c.fingerprint} · verified ${new Date(c.verifiedAt).toLocaleString()}`}
                />
                {readOnly ? null : (
                  <Group gap={4}>
                    <Button size="compact-xs" variant="subtle" onClick={() => void act('POST', `${encodeURIComponent(c.id)}/verify`)}>
                      Verify again
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete credential ${c.name}`}
                      onClick={() => void act('DELETE', encodeURIComponent(c.id)).then(() => c.id === credentialId && setCredentialId(undefined))}
                    >
                      Delete
                    </Button>
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        </Radio.Group>
      )}
      {readOnly ? null : (
        <Card withBorder>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Stack gap="xs">
              <Text fw={500}>Add a credential</Text>
              <Select label="Kind" data={kinds.map((k) => ({ value: k.kind, label: k.title }))} value={kind} onChange={setKind} allowDeselect={false} />
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
              {fields.map((f) => {
                // A secret is typed masked; otherwise the two fields are the same.
                const Field = f.secret ? PasswordInput : TextInput;
                return (
                  <Field
                    key={f.name}
                    label={f.title}
                    required={!f.optional}
                    autoComplete="off"
                    value={values[f.name] ?? ''}
                    onChange={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
                  />
                );
              })}
              {error ? <ErrorAlert title="Not stored" message={error} /> : null}
              <Group>
                <Button type="submit" loading={busy} disabled={!kind}>
                  Verify and store
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
