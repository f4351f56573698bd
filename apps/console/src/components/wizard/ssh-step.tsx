'use client';

import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { problemAt } from './wizard-steps';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';

/** Public keys allowed to log in to every machine as `core`, one OpenSSH line each. */
export function SshStep({ doc, problems, readOnly }: StepProps) {
  const written = valueAt(doc.value, ['spec', 'sshAuthorizedKeys']);
  const keys = Array.isArray(written) ? written.map(String) : [];
  const set = (next: string[]) => doc.edit([{ path: ['spec', 'sshAuthorizedKeys'], value: next.length > 0 ? next : undefined }]);
  return (
    <Stack maw={720}>
      <Title order={3}>SSH keys</Title>
      {keys.length === 0 ? <Text c="dimmed">No keys: nobody can log in to the machines over SSH.</Text> : null}
      {keys.map((key, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <Textarea
            style={{ flex: 1 }}
            aria-label={`SSH key ${i + 1}`}
            autosize
            minRows={1}
            readOnly={readOnly}
            value={key}
            error={problemAt(problems, `spec.sshAuthorizedKeys[${i}]`)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            onChange={(e) => set(keys.map((k, j) => (j === i ? e.currentTarget.value : k)))}
          />
          {readOnly ? null : (
            <Button variant="subtle" color="red" onClick={() => set(keys.filter((_, j) => j !== i))}>
              Remove
            </Button>
          )}
        </Group>
      ))}
      {readOnly ? null : (
        <Group>
          <Button variant="default" onClick={() => set([...keys, ''])}>
            Add a key
          </Button>
        </Group>
      )}
    </Stack>
  );
}
