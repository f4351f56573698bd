'use client';

import { Alert, Button, FileButton, Group, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { StepProps } from './step-props';
import { ProblemLines } from './problem-lines';

/**
 * The first step: start from a YAML file (kept byte for byte) or pick the platform of a new
 * cluster. Switching platforms starts its section afresh and forgets the chosen credential.
 */
export function ProviderStep({ doc, problems, readOnly, providers, platform, setCredentialId }: StepProps) {
  const choose = (next: string) => {
    if (next === platform) return;
    doc.edit([{ path: ['spec', 'platform'], value: { [next]: {} } }]);
    setCredentialId(undefined);
  };
  return (
    <Stack>
      <Title order={3}>Provider</Title>
      <Group>
        <FileButton
          accept=".yaml,.yml,.json,application/yaml,text/yaml"
          onChange={(file) => file && void file.text().then((text) => doc.setText(text))}
          disabled={readOnly}
        >
          {(props) => (
            <Button variant="default" {...props} disabled={readOnly}>
              Import a YAML file
            </Button>
          )}
        </FileButton>
        <Text size="sm" c="dimmed">
          A Cluster document as <code>strata install -f</code> takes it; the wizard keeps its text, comments included.
        </Text>
      </Group>
      {providers.length === 0 ? (
        <Alert color="yellow" role="alert">
          The installer service lists no providers yet.
        </Alert>
      ) : (
        <Radio.Group label="Where the cluster runs" value={platform ?? null} onChange={choose} name="platform">
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {providers.map((p) => (
              <Radio
                key={p.platform}
                value={p.platform}
                disabled={readOnly}
                label={p.title}
                description={
                  p.credentialKinds.length === 0
                    ? 'No credentials needed'
                    : `Credentials: ${p.credentialKinds.map((k) => k.title).join(', ')}${p.prices ? ` · prices as of ${p.prices.asOf}` : ''}`
                }
              />
            ))}
          </SimpleGrid>
        </Radio.Group>
      )}
      {problems.length > 0 ? (
        <Alert color="red" title="The document has problems" role="alert">
          <ProblemLines problems={problems} />
        </Alert>
      ) : null}
    </Stack>
  );
}
